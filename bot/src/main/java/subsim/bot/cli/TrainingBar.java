package subsim.bot.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import subsim.bot.service.TrainingDisplay;
import subsim.engine.train.TrainingProgress;

/** A progress bar per training run on the terminal: steps, rate, loss and ETA. */
final class TrainingBar implements TrainingDisplay {

  private final PrintStream terminal;

  TrainingBar(PrintStream terminal) {
    this.terminal = terminal;
  }

  @Override
  public View start(String bot, int firstStep, int totalSteps) {
    ProgressBar bar = StderrProgress.bar("train " + bot, terminal, true).setInitialMax(totalSteps)
        .startsFrom(firstStep, Duration.ZERO).setUnit(" steps", 1).build();
    return new View() {
      @Override
      public void step(TrainingProgress p) {
        bar.stepTo(p.step());
        bar.setExtraMessage(String.format(Locale.ROOT, " loss %.3f %.0f tok/s", p.averageLoss(), p.tokensPerSecond()));
      }

      @Override
      public void close() {
        bar.close();
      }
    };
  }
}
