package subsim.bot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

  @TempDir Path dir;

  @Test
  void resumeTakesTheBatchShapeTheCommandLineLeavesOut() throws Exception {
    Path data = Files.writeString(dir.resolve("jokes.txt"),
        "Why did the chicken cross the road? To get to the other side.<|endoftext|>".repeat(40));
    String out = dir.resolve("out").toString();
    CliRun first = CliRun.of("train", "--data", data.toString(), "--out", out, "--size", "tiny", "--steps", "2",
        "--batch", "2", "--block-size", "16", "--sample-every", "0", "--val-every", "0");
    assertEquals(0, first.exit(), first.err());

    CliRun resumed = CliRun.of("train", "--data", data.toString(), "--out", out, "--steps", "3", "--resume",
        "--sample-every", "0", "--val-every", "0");
    assertEquals(0, resumed.exit(), resumed.err());
    assertTrue(resumed.out().contains("trained steps 3-3 of 3"), resumed.out());

    CliRun otherShape = CliRun.of("train", "--data", data.toString(), "--out", out, "--steps", "4", "--resume",
        "--batch", "1");
    assertEquals(2, otherShape.exit());
    assertTrue(otherShape.err().contains("--batch 2 (not 1)"), otherShape.err());
  }

  @Test
  void resumingOnOtherDataSaysTheRunIsNoLongerExact() throws Exception {
    String joke = "Why did the chicken cross the road? To get to the other side.<|endoftext|>";
    Path data = Files.writeString(dir.resolve("jokes.txt"), joke.repeat(40));
    String out = dir.resolve("out").toString();
    CliRun first = CliRun.of("train", "--data", data.toString(), "--out", out, "--size", "tiny", "--steps", "1",
        "--batch", "2", "--block-size", "16", "--sample-every", "0", "--val-every", "0");
    assertEquals(0, first.exit(), first.err());

    CliRun same = CliRun.of("train", "--data", data.toString(), "--out", out, "--steps", "2", "--resume",
        "--sample-every", "0", "--val-every", "0");
    assertEquals(0, same.exit(), same.err());
    assertFalse(same.out().contains("note:"), same.out());

    Files.writeString(data, joke.repeat(60));
    CliRun changed = CliRun.of("train", "--data", data.toString(), "--out", out, "--steps", "3", "--resume",
        "--sample-every", "0", "--val-every", "0");
    assertEquals(0, changed.exit(), changed.err());
    assertTrue(changed.out().contains("note: the checkpoint's run trained on"), changed.out());
  }

  @Test
  void baseTakesAnotherRunsOutFolder() throws Exception {
    Path data = Files.writeString(dir.resolve("jokes.txt"),
        "Why did the chicken cross the road? To get to the other side.<|endoftext|>".repeat(40));
    Path first = dir.resolve("first");
    CliRun pretrain = CliRun.of("train", "--data", data.toString(), "--out", first.toString(), "--size", "tiny",
        "--steps", "2", "--batch", "2", "--block-size", "16", "--sample-every", "0", "--val-every", "0");
    assertEquals(0, pretrain.exit(), pretrain.err());

    CliRun fineTune = CliRun.of("train", "--data", data.toString(), "--out", dir.resolve("second").toString(),
        "--base", first.toString(), "--steps", "1", "--batch", "2", "--block-size", "16", "--sample-every", "0",
        "--val-every", "0");
    assertEquals(0, fineTune.exit(), fineTune.err());
    assertTrue(fineTune.err().contains("using " + first.resolve("step-0000002")), fineTune.err());
  }
}
