package subsim.engine.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Everything beside the weights and the optimiser's moments that a resumed run needs, kept as
 * {@code training-state.json} in each checkpoint. The data position is the step itself: every batch is drawn
 * from (seed, step), so the RNG state is the seed.
 *
 * @param step steps done
 * @param totalSteps the step the run was to end at
 * @param seed the run's seed (batches, samples, the validation split)
 * @param averageLoss the loss's exponential moving average, before bias correction
 * @param learningRate the peak learning rate
 * @param schedule the schedule after the warm-up
 * @param warmup warm-up steps
 * @param batch sequences per micro-batch
 * @param accumulate micro-batches per step
 * @param blockSize tokens per sequence
 * @param trainTokens tokens in the training stream the run started with
 */
record TrainingState(
    int step, int totalSteps, long seed, double averageLoss, double learningRate, TrainOptions.Schedule schedule,
    int warmup, int batch, int accumulate, int blockSize, long trainTokens) {

  static final String FILE = "training-state.json";
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  void write(Path file) {
    try {
      JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static TrainingState read(Path file) {
    try {
      return JSON.readValue(file.toFile(), TrainingState.class);
    } catch (JsonProcessingException e) {
      // Jackson's messages quote its source location, noise to the user; a file cut short is the likely cause.
      String reason = e.getOriginalMessage().contains("end-of-input") ? "it ends early: truncated or incomplete"
          : e.getOriginalMessage() + (e.getLocation() == null ? ""
              : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
      throw new IllegalArgumentException(file + ": not valid JSON (" + reason + ")", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not a readable training state: " + e.getMessage(), e);
    }
  }
}
