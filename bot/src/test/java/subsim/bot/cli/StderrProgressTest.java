package subsim.bot.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

class StderrProgressTest {

  @Test
  void aLogGetsPlainLinesAndATerminalABarRedrawnInPlace() {
    String log = render(false);
    assertFalse(log.contains("\r"), "carriage returns in a log: " + log);
    assertTrue(log.lines().anyMatch(line -> line.contains("encode") && line.contains("7/10")), log);

    String terminal = render(true);
    assertTrue(terminal.contains("\r"), "a terminal bar is redrawn in place: " + terminal);
  }

  private static String render(boolean terminal) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (ProgressBar bar = StderrProgress.bar("encode", err, terminal).setInitialMax(10).build()) {
      bar.stepTo(7);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
