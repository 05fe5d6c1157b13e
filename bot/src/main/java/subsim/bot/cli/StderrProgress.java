package subsim.bot.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on stderr: a bar redrawn in place on a terminal, and one plain line every ten seconds when stderr goes to
 * a file or a pipe, where redrawing would fill a log with carriage-return frames.
 */
final class StderrProgress {

  private static final int LOG_LINE_INTERVAL_MILLIS = 10_000;

  private StderrProgress() {}

  /** A builder for a bar named {@code task}, writing to {@code err} as a terminal or as a log. */
  static ProgressBarBuilder bar(String task, PrintStream err, boolean terminal) {
    ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setStyle(ProgressBarStyle.ASCII);
    return terminal ? builder.setConsumer(new ConsoleProgressBarConsumer(err))
        : builder.setConsumer(new DelegatingProgressBarConsumer(err::println)).setUpdateIntervalMillis(
            LOG_LINE_INTERVAL_MILLIS);
  }

  /** As above, on {@link System#err}, as a terminal when the JVM has a console. */
  static ProgressBarBuilder bar(String task) {
    return bar(task, System.err, System.console() != null);
  }
}
