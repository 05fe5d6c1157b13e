package subsim.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import subsim.engine.Gpt2Config;
import subsim.engine.Gpt2Model;

class TrainerTest {

  @TempDir Path dir;

  @Test
  void halvesValidationPerplexityOnJokeTitlesFromScratch() {
    Path data = TrainingFixtures.jokes(dir);
    TrainOptions options = new TrainOptions(List.of(data), dir.resolve("out"), null, Gpt2Config.named("tiny"),
        24, 0, 8, 1, 32, 3e-3, 4, TrainOptions.Schedule.COSINE, 0.01, 1.0, null, 0.1, 24, 0, 0, "", 8, 1,
        false, 1, false);
    List<Double> perplexities = new ArrayList<>();
    TrainingResult result = new Trainer(options, new TrainingListener() {
      @Override public void onProgress(TrainingProgress progress) { }
      @Override public void onValidation(int step, double loss, double perplexity) {
        perplexities.add(perplexity);
      }
    }).run();
    assertEquals(2, perplexities.size(), "validation before training and after the last step");
    double before = perplexities.get(0);
    double after = perplexities.get(1);
    assertTrue(after <= before / 2, "validation perplexity went from " + before + " to " + after);
    assertEquals(after, result.validationPerplexity(), 1e-9);
    assertEquals(24, result.step());
  }

  @Test
  void resumedRunGivesTheSameLossesAsOneRun() {
    Path data = TrainingFixtures.jokes(dir);
    List<Double> straight = new ArrayList<>();
    runRecording(TrainingFixtures.busy(data, dir.resolve("a"), false), straight, -1);

    List<Double> interrupted = new ArrayList<>();
    TrainingResult stopped = runRecording(TrainingFixtures.busy(data, dir.resolve("b"), false), interrupted, 10);
    assertTrue(stopped.stopped());
    assertEquals(10, stopped.step());
    assertTrue(Files.isRegularFile(dir.resolve("b/step-0000010/optimizer.bin")));
    TrainingResult rest = runRecording(TrainingFixtures.busy(data, dir.resolve("b"), true), interrupted, -1);
    assertFalse(rest.stopped());
    assertEquals(20, rest.step());

    assertEquals(20, straight.size());
    assertEquals(20, interrupted.size());
    for (int i = 0; i < 20; i++) {
      assertEquals(straight.get(i), interrupted.get(i), 1e-5, "loss of step " + (i + 1));
    }
  }

  @Test
  void theLastStepIsValidatedWhateverTheInterval() {
    Path data = TrainingFixtures.jokes(dir);
    TrainOptions options = new TrainOptions(List.of(data), dir.resolve("out"), null, TrainingFixtures.SMALL, 3, 0, 1, 1,
        16, 1e-3, 0, TrainOptions.Schedule.CONSTANT, 0.0, 1.0, null, 0.1, 2, 0, 0, "", 8, 2, false, 7, false);
    List<Integer> validated = new ArrayList<>();
    TrainingResult result = new Trainer(options, new TrainingListener() {
      @Override public void onProgress(TrainingProgress progress) { }
      @Override public void onValidation(int step, double loss, double perplexity) {
        validated.add(step);
      }
    }).run();
    assertEquals(List.of(0, 2, 3), validated);
    assertTrue(Double.isFinite(result.validationLoss()));
  }

  @Test
  void keepsTheLastCheckpointsInHuggingFaceLayout() throws Exception {
    Path data = TrainingFixtures.jokes(dir);
    Path out = dir.resolve("out");
    TrainOptions options = TrainingFixtures.busy(data, out, false);
    TrainingResult result = new Trainer(options, TrainingListener.NONE).run();
    try (Stream<Path> entries = Files.list(out)) {
      assertEquals(List.of("step-0000012", "step-0000016", "step-0000020"),
          entries.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertEquals(out.resolve("step-0000020"), result.checkpoint());
    try (Gpt2Model model = Gpt2Model.load(result.checkpoint())) {
      assertEquals(TrainingFixtures.SMALL, model.config());
    }
    assertTrue(Files.isRegularFile(result.checkpoint().resolve("training-state.json")));
  }

  @Test
  void aStepWhoseLossIsNotFiniteStopsTheRunBeforeItIsAppliedOrSaved() throws Exception {
    Path data = TrainingFixtures.jokes(dir);
    Path out = dir.resolve("out");
    // Adam's first step moves every weight by about the learning rate: 1e30 sends the next step's sums past
    // float's range. A checkpoint after every step, no clipping: only the loss can catch it.
    TrainOptions options = new TrainOptions(List.of(data), out, null, TrainingFixtures.SMALL, 10, 0, 2, 1, 16, 1e30,
        0, TrainOptions.Schedule.CONSTANT, 0.0, 0.0, null, 0, 0, 1, 0, "", 8, 10, false, 7, false);
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> new Trainer(options, TrainingListener.NONE).run());
    assertTrue(e.getMessage().startsWith("training diverged at step 2: the loss is "), e.getMessage());
    try (Stream<Path> entries = Files.list(out)) {
      assertEquals(List.of("step-0000001"), entries.map(p -> p.getFileName().toString()).sorted().toList());
    }
    try (Gpt2Model model = Gpt2Model.load(out.resolve("step-0000001"))) {
      for (var parameter : model.parameters().entrySet()) {
        for (float value : parameter.getValue().toFloatArray()) {
          assertTrue(Float.isFinite(value), parameter.getKey() + " holds " + value);
        }
      }
    }
  }

  @Test
  void onlyTransformerLayersLeavesEmbeddingsUntouched() {
    Path data = TrainingFixtures.jokes(dir);
    TrainOptions base = TrainingFixtures.options(data, dir.resolve("out"), TrainingFixtures.SMALL, 3, 2, 16);
    TrainOptions frozen = new TrainOptions(base.data(), base.out(), null, base.config(), 3, 0, 2, 1, 16, 1e-2, 0,
        TrainOptions.Schedule.CONSTANT, 0.1, 1.0, null, 0, 0, 0, 0, "", 8, 1, true, 7, false);
    TrainingResult result = new Trainer(frozen, TrainingListener.NONE).run();
    try (Gpt2Model before = Gpt2Model.random(TrainingFixtures.SMALL, 7);
        Gpt2Model after = Gpt2Model.load(result.checkpoint())) {
      for (String name : List.of("wte.weight", "wpe.weight", "ln_f.weight")) {
        assertArrayEquals(before.parameters().get(name).toFloatArray(), after.parameters().get(name).toFloatArray(),
            name);
      }
      assertFalse(java.util.Arrays.equals(before.parameters().get("h.0.attn.c_attn.weight").toFloatArray(),
          after.parameters().get("h.0.attn.c_attn.weight").toFloatArray()), "the blocks train");
    }
  }

  @Test
  void aFreshRunRefusesAFolderThatHoldsAnotherRunsCheckpoints() {
    Path data = TrainingFixtures.jokes(dir);
    Path out = dir.resolve("out");
    new Trainer(TrainingFixtures.options(data, out, TrainingFixtures.SMALL, 2, 1, 16), TrainingListener.NONE).run();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
        new Trainer(TrainingFixtures.options(data, out, TrainingFixtures.SMALL, 2, 1, 16), TrainingListener.NONE).run());
    assertEquals(out + " already holds checkpoints (step-0000002): add --resume to continue that run, or choose"
        + " another --out", e.getMessage());
  }

  @Test
  void resumingWithAnotherBatchShapeNamesWhatDiffers() {
    Path data = TrainingFixtures.jokes(dir);
    Path out = dir.resolve("out");
    new Trainer(TrainingFixtures.options(data, out, TrainingFixtures.SMALL, 2, 1, 16), TrainingListener.NONE).run();
    TrainOptions first = TrainingFixtures.options(data, out, TrainingFixtures.SMALL, 4, 2, 8);
    TrainOptions resume = new TrainOptions(first.data(), out, null, first.config(), 4, 0, 2, 1, 8, 1e-3, 0,
        TrainOptions.Schedule.CONSTANT, 0.0, 1.0, null, 0, 0, 0, 0, "", 8, 2, false, 99, true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(resume, TrainingListener.NONE).run());
    assertEquals("--resume: the checkpoint in " + out + " was trained with --batch 1 (not 2), --block-size 16 (not"
        + " 8); resume with the same values, or train into another --out", e.getMessage());
  }

  @Test
  void resumingRefusesAnotherSizeOrABaseButTakesTheSameSize() {
    Path data = TrainingFixtures.jokes(dir);
    Path out = dir.resolve("out");
    new Trainer(TrainingFixtures.options(data, out, TrainingFixtures.SMALL, 2, 1, 16), TrainingListener.NONE).run();
    TrainOptions tiny = new TrainOptions(List.of(data), out, null, Gpt2Config.named("tiny"), 3, 0, 1, 1, 16, 1e-3, 0,
        TrainOptions.Schedule.CONSTANT, 0.0, 1.0, null, 0, 0, 0, 0, "", 8, 2, false, 7, true);
    assertEquals("--resume: the checkpoint in " + out + " is a 2-layer, 64-wide model (2 heads, 64 positions), not"
        + " the 2-layer, 128-wide model (2 heads, 128 positions) --size asks for; leave out --size",
        assertThrows(IllegalArgumentException.class, () -> new Trainer(tiny, TrainingListener.NONE).run()).getMessage());
    TrainOptions base = new TrainOptions(List.of(data), out, dir.resolve("base"), null, 3, 0, 1, 1, 16, 1e-3, 0,
        TrainOptions.Schedule.CONSTANT, 0.0, 1.0, null, 0, 0, 0, 0, "", 8, 2, false, 7, true);
    assertEquals("--resume: the checkpoint in " + out + " is a 2-layer, 64-wide model (2 heads, 64 positions);"
        + " leave out --base",
        assertThrows(IllegalArgumentException.class, () -> new Trainer(base, TrainingListener.NONE).run()).getMessage());
    TrainOptions same = new TrainOptions(List.of(data), out, null, TrainingFixtures.SMALL, 3, 0, 1, 1, 16, 1e-3, 0,
        TrainOptions.Schedule.CONSTANT, 0.0, 1.0, null, 0, 0, 0, 0, "", 8, 2, false, 7, true);
    assertEquals(3, new Trainer(same, TrainingListener.NONE).run().step());
  }

  @Test
  void resumingToAStepBeforeTheCheckpointIsRefusedAndToItsOwnStepTrainsNothing() {
    Path data = TrainingFixtures.jokes(dir);
    Path out = dir.resolve("out");
    new Trainer(TrainingFixtures.options(data, out, TrainingFixtures.SMALL, 2, 1, 16), TrainingListener.NONE).run();
    TrainOptions fewer = new TrainOptions(List.of(data), out, null, null, 1, 0, 1, 1, 16, 1e-3, 0,
        TrainOptions.Schedule.CONSTANT, 0.0, 1.0, null, 0, 0, 0, 0, "", 8, 2, false, 7, true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(fewer, TrainingListener.NONE).run());
    assertEquals("--resume: " + out + " is already at step 2; --steps must be at least that", e.getMessage());
    TrainOptions same = new TrainOptions(List.of(data), out, null, null, 2, 0, 1, 1, 16, 1e-3, 0,
        TrainOptions.Schedule.CONSTANT, 0.0, 1.0, null, 0, 0, 0, 0, "", 8, 2, false, 7, true);
    TrainingResult finished = new Trainer(same, TrainingListener.NONE).run();
    assertEquals(2, finished.firstStep());
    assertEquals(2, finished.step());
    assertFalse(finished.stopped());
    assertEquals(out.resolve("step-0000002"), finished.checkpoint());
  }

  @Test
  void resumingFromATruncatedTrainingStateNamesTheFile() throws Exception {
    Path data = TrainingFixtures.jokes(dir);
    Path state = Files.createDirectories(dir.resolve("out/step-0000002")).resolve("training-state.json");
    Files.writeString(state, "{\n  \"step\" : 2,\n  \"totalSteps\" : 4,\n  \"seed\" : 7");
    TrainOptions resume = TrainingFixtures.busy(data, dir.resolve("out"), true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(resume, TrainingListener.NONE).run());
    assertEquals(state + ": not valid JSON (it ends early: truncated or incomplete)", e.getMessage());
  }

  @Test
  void aCheckpointFolderWithoutItsTrainingStateIsNamed() throws Exception {
    Path data = TrainingFixtures.jokes(dir);
    Path out = dir.resolve("out");
    Files.createDirectories(out.resolve("step-0000002"));
    TrainOptions resume = TrainingFixtures.busy(data, out, true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(resume, TrainingListener.NONE).run());
    assertEquals(out.resolve("step-0000002") + ": no training-state.json in this checkpoint folder, so it is"
        + " incomplete; remove the folder to use an earlier checkpoint", e.getMessage());
  }

  @Test
  void dataWhoseIdsTheBaseCannotEmbedOrATooShortValidationSetAreRefused() throws Exception {
    Path data = TrainingFixtures.jokes(dir);
    Path base = dir.resolve("base");
    try (Gpt2Model small = Gpt2Model.random(new Gpt2Config(2, 2, 32, 64, 1000, 1e-5), 1)) {
      small.save(base);
    }
    TrainOptions quick = TrainingFixtures.options(data, dir.resolve("out"), TrainingFixtures.SMALL, 2, 1, 16);
    TrainOptions fineTune = new TrainOptions(quick.data(), dir.resolve("out"), base, null, 2, 0, 1, 1, 16, 1e-3, 0,
        TrainOptions.Schedule.CONSTANT, 0.0, 1.0, null, 0, 0, 0, 0, "", 8, 2, false, 7, false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(fineTune, TrainingListener.NONE).run());
    assertTrue(e.getMessage().startsWith(data + ": token id "), e.getMessage());
    assertTrue(e.getMessage().endsWith("is outside the model's vocabulary [0, 1000); GPT-2's tokenizer needs 50257"
        + " ids"), e.getMessage());

    Path oneToken = dir.resolve("val.txt");
    java.nio.file.Files.writeString(oneToken, "Hello");
    TrainOptions shortValidation = new TrainOptions(quick.data(), dir.resolve("out2"), null, TrainingFixtures.SMALL, 2,
        0, 1, 1, 16, 1e-3, 0, TrainOptions.Schedule.CONSTANT, 0.0, 1.0, oneToken, 0, 1, 0, 0, "", 8, 2, false, 7,
        false);
    assertEquals("the validation set has 1 token; a loss needs at least 2", assertThrows(
        IllegalArgumentException.class, () -> new Trainer(shortValidation, TrainingListener.NONE).run()).getMessage());

    Path nowhere = dir.resolve("out4");
    TrainOptions noData = TrainingFixtures.options(dir.resolve("nope.jsonl"), nowhere, TrainingFixtures.SMALL, 2, 1, 16);
    assertEquals("data not found: " + dir.resolve("nope.jsonl"), assertThrows(IllegalArgumentException.class,
        () -> new Trainer(noData, TrainingListener.NONE).run()).getMessage());
    assertFalse(java.nio.file.Files.exists(nowhere), "--out was made for a run that could not start");

    Path missing = dir.resolve("nope.txt");
    TrainOptions noValidation = new TrainOptions(quick.data(), dir.resolve("out3"), null, TrainingFixtures.SMALL, 2,
        0, 1, 1, 16, 1e-3, 0, TrainOptions.Schedule.CONSTANT, 0.0, 1.0, missing, 0, 1, 0, 0, "", 8, 2, false, 7,
        false);
    assertEquals("--val " + missing + ": no such file", assertThrows(
        IllegalArgumentException.class, () -> new Trainer(noValidation, TrainingListener.NONE).run()).getMessage());
  }

  @Test
  void anOutFolderThatCannotBeMadeIsRefusedBeforeAnyStep() throws Exception {
    Path data = TrainingFixtures.jokes(dir);
    Path blocked = Files.writeString(dir.resolve("a-file"), "not a folder").resolve("out");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(
        TrainingFixtures.options(data, blocked, TrainingFixtures.SMALL, 2, 1, 16), TrainingListener.NONE).run());
    assertTrue(e.getMessage().startsWith("--out " + blocked + ": cannot create that folder"), e.getMessage());

    Path aFile = dir.resolve("a-file");
    assertEquals("--out " + aFile + " is a file, not a folder", assertThrows(IllegalArgumentException.class,
        () -> new Trainer(TrainingFixtures.options(data, aFile, TrainingFixtures.SMALL, 2, 1, 16),
            TrainingListener.NONE).run()).getMessage());
    assertEquals("not a folder", Files.readString(aFile));
  }

  @Test
  void aRunThatFailsBeforeItsFirstCheckpointRemovesTheOutFolderItMadeButNotOneThatWasThere() throws Exception {
    Path data = TrainingFixtures.jokes(dir);
    Path made = dir.resolve("made/out");
    String tooLong = "--block-size 4096 exceeds the model's context of " + TrainingFixtures.SMALL.nPositions()
        + " positions";
    assertEquals(tooLong, assertThrows(IllegalArgumentException.class, () -> new Trainer(
        TrainingFixtures.options(data, made, TrainingFixtures.SMALL, 2, 1, 4096), TrainingListener.NONE).run())
        .getMessage());
    assertFalse(Files.exists(made), "the failed run left the --out folder it made");
    assertTrue(Files.isDirectory(made.getParent()), "only --out itself is the run's to remove");

    Path given = Files.createDirectories(dir.resolve("given"));
    assertThrows(IllegalArgumentException.class, () -> new Trainer(
        TrainingFixtures.options(data, given, TrainingFixtures.SMALL, 2, 1, 4096), TrainingListener.NONE).run());
    assertTrue(Files.isDirectory(given), "a folder that was there before the run was removed");
  }

  @Test
  void savingPrunesOnlyEarlierStepsNeverTheCheckpointJustWritten() throws Exception {
    Path out = dir.resolve("out");
    TrainingState state = new TrainingState(2, 2, 7, 5.0, 1e-3, TrainOptions.Schedule.CONSTANT, 0, 1, 1, 16, 100);
    try (Gpt2Model model = Gpt2Model.random(TrainingFixtures.SMALL, 7);
        AdamW optimizer = Trainer.optimizer(model, model.parameters(), 0.0)) {
      for (int step : new int[] {1, 200}) {
        Checkpoints.save(out, model, optimizer, new TrainingState(step, 200, 7, 5.0, 1e-3,
            TrainOptions.Schedule.CONSTANT, 0, 1, 1, 16, 100), 5);
      }
      Path written = Checkpoints.save(out, model, optimizer, state, 1);
      assertTrue(Files.isDirectory(written), written + " was pruned");
      try (Stream<Path> entries = Files.list(out)) {
        assertEquals(List.of("step-0000002", "step-0000200"), entries.map(p -> p.getFileName().toString()).sorted().toList());
      }
    }
  }

  @Test
  void stopRequestedMidRunWritesACheckpointAndReturns() {
    Path data = TrainingFixtures.jokes(dir);
    TrainingResult result = runRecording(
        TrainingFixtures.options(data, dir.resolve("out"), TrainingFixtures.SMALL, 50, 1, 16), new ArrayList<>(), 3);
    assertTrue(result.stopped());
    assertEquals(3, result.step());
    assertEquals(dir.resolve("out/step-0000003"), result.checkpoint());
  }

  /** Runs, recording every step's loss; stops after {@code stopAt} steps when positive. */
  private static TrainingResult runRecording(TrainOptions options, List<Double> losses, int stopAt) {
    Trainer[] trainer = new Trainer[1];
    trainer[0] = new Trainer(options, progress -> {
      losses.add(progress.loss());
      if (progress.step() == stopAt) {
        trainer[0].stop();
      }
    });
    return trainer[0].run();
  }
}
