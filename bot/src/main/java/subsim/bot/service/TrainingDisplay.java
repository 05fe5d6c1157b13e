package subsim.bot.service;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import subsim.engine.train.TrainingProgress;

/** How the service shows a training run as it goes: log lines by default, a progress bar on a terminal. */
public interface TrainingDisplay {

  /** Shows one bot's run from its first step; the returned view is closed when the run ends, however it ends. */
  View start(String bot, int firstStep, int totalSteps);

  /** One run being shown. */
  interface View extends AutoCloseable {

    /** After every optimisation step. */
    void step(TrainingProgress progress);

    @Override
    void close();
  }

  /** A log line every {@code every} steps and at the last: step, loss, rate and ETA. */
  static TrainingDisplay logLines(int every) {
    Logger log = LoggerFactory.getLogger(TrainingDisplay.class);
    return (bot, firstStep, totalSteps) -> new View() {
      @Override
      public void step(TrainingProgress p) {
        if (p.step() % every == 0 || p.step() == p.totalSteps()) {
          log.info(String.format(Locale.ROOT, "%s: training step %d/%d loss %.3f (avg %.3f) %.0f tokens/s ETA %.0f s",
              bot, p.step(), p.totalSteps(), p.loss(), p.averageLoss(), p.tokensPerSecond(), p.etaSeconds()));
        }
      }

      @Override
      public void close() {}
    };
  }
}
