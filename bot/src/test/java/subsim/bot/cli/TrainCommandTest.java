package subsim.bot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

  private static final String JOKE = "Why did the chicken cross the road? To get to the other side.<|endoftext|>";

  @TempDir Path dir;

  /** Trains a tiny model from scratch on {@code data} into {@code out} for {@code steps} steps, and checks it did. */
  private static void trainTiny(Path data, Path out, int steps) {
    CliRun run = CliRun.of("train", "--data", data.toString(), "--out", out.toString(), "--size", "tiny", "--steps",
        String.valueOf(steps), "--batch", "2", "--block-size", "16", "--sample-every", "0", "--val-every", "0");
    assertEquals(0, run.exit(), run.err());
  }

  @Test
  void resumeTakesTheBatchShapeTheCommandLineLeavesOut() throws Exception {
    Path data = Files.writeString(dir.resolve("jokes.txt"), JOKE.repeat(40));
    Path out = dir.resolve("out");
    trainTiny(data, out, 2);

    CliRun resumed = CliRun.of("train", "--data", data.toString(), "--out", out.toString(), "--steps", "3", "--resume",
        "--sample-every", "0", "--val-every", "0");
    assertEquals(0, resumed.exit(), resumed.err());
    assertTrue(resumed.out().contains("trained steps 3-3 of 3"), resumed.out());

    CliRun otherShape = CliRun.of("train", "--data", data.toString(), "--out", out.toString(), "--steps", "4",
        "--resume", "--batch", "1");
    assertEquals(2, otherShape.exit());
    assertTrue(otherShape.err().contains("--batch 2 (not 1)"), otherShape.err());

    CliRun otherSeed = CliRun.of("train", "--data", data.toString(), "--out", out.toString(), "--steps", "4",
        "--resume", "--seed", "99");
    assertEquals(2, otherSeed.exit());
    assertEquals("subsim: --seed: a resumed run keeps its checkpoint's seed, so that its batches carry on where they"
        + " stopped; leave --seed out", otherSeed.err().strip());
  }

  @Test
  void resumingOnOtherDataSaysTheRunIsNoLongerExact() throws Exception {
    Path data = Files.writeString(dir.resolve("jokes.txt"), JOKE.repeat(40));
    Path out = dir.resolve("out");
    trainTiny(data, out, 1);

    CliRun same = CliRun.of("train", "--data", data.toString(), "--out", out.toString(), "--steps", "2", "--resume",
        "--sample-every", "0", "--val-every", "0");
    assertEquals(0, same.exit(), same.err());
    assertFalse(same.out().contains("note:"), same.out());

    Files.writeString(data, JOKE.repeat(60));
    CliRun changed = CliRun.of("train", "--data", data.toString(), "--out", out.toString(), "--steps", "3", "--resume",
        "--sample-every", "0", "--val-every", "0");
    assertEquals(0, changed.exit(), changed.err());
    assertTrue(changed.out().contains("note: the checkpoint's run trained on"), changed.out());
  }

  @Test
  void baseTakesAnotherRunsOutFolder() throws Exception {
    Path data = Files.writeString(dir.resolve("jokes.txt"), JOKE.repeat(40));
    Path first = dir.resolve("first");
    trainTiny(data, first, 2);

    CliRun fineTune = CliRun.of("train", "--data", data.toString(), "--out", dir.resolve("second").toString(),
        "--base", first.toString(), "--steps", "1", "--batch", "2", "--block-size", "16", "--sample-every", "0",
        "--val-every", "0");
    assertEquals(0, fineTune.exit(), fineTune.err());
    assertTrue(fineTune.err().contains("using " + first.resolve("step-0000002")), fineTune.err());
  }
}
