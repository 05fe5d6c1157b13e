package subsim.bot.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import subsim.bot.Main;

/**
 * One {@code subsim} invocation through {@link Main#run}, with its exit code and captured output. Log lines are left
 * out of both streams: a daemon thread of an earlier test in this JVM (CoreNLP loading for a command that failed
 * before needing it) may log while the streams are captured, and what a test checks is the command's own output.
 */
record CliRun(int exit, String out, String err) {

  private static final Pattern LOG_LINE = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d (TRACE|DEBUG|INFO|WARN|ERROR) .*");

  static synchronized CliRun of(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = Main.run(args);
      System.out.flush();
      System.err.flush();
      return new CliRun(exit, withoutLogLines(out), withoutLogLines(err));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private static String withoutLogLines(ByteArrayOutputStream stream) {
    String text = stream.toString(StandardCharsets.UTF_8);
    return text.lines().filter(line -> !LOG_LINE.matcher(line).matches())
        .collect(Collectors.joining("\n", "", text.isEmpty() ? "" : "\n"));
  }
}
