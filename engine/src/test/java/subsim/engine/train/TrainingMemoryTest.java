package subsim.engine.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import subsim.engine.Gpt2Config;

class TrainingMemoryTest {

  @Test
  void refusesWhenGradientsAndMomentsDoNotFitAndSaysBothFigures() {
    // 1558M's parameters on a machine with 16 GB left once the weights are loaded.
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new TrainingMemory(16_000_000_000L).requireRoomFor(1_557_611_200L));
    assertTrue(e.getMessage().contains("1,557,611,200 parameters"), e.getMessage());
    assertTrue(e.getMessage().contains("18.7 GB"), e.getMessage());
    assertTrue(e.getMessage().contains("16.0 GB is available"), e.getMessage());
  }

  @Test
  void refusesAMicroBatchWhoseActivationsCannotFit() {
    Gpt2Config tiny = Gpt2Config.named("tiny");
    // The demo's 4 x 128 tokens are a few MB; 100,000 x 32 are over a hundred GB.
    assertTrue(TrainingMemory.activationBytes(tiny, 4, 128) < 50_000_000L);
    assertDoesNotThrow(() -> new TrainingMemory(16_000_000_000L).requireRoomForActivations(tiny, 4, 128));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new TrainingMemory(16_000_000_000L).requireRoomForActivations(tiny, 100_000, 32));
    assertTrue(e.getMessage().startsWith("a micro-batch of 100000 x 32 tokens keeps about "), e.getMessage());
    assertTrue(e.getMessage().contains("only 16.0 GB is available: lower the batch"), e.getMessage());
    // 124M at the benchmark's 4 x 128: under a gigabyte, well inside this machine.
    assertTrue(TrainingMemory.activationBytes(Gpt2Config.named("124M"), 4, 128) < 1_000_000_000L);
  }

  @Test
  void letsARunThatFitsStart() {
    assertDoesNotThrow(() -> new TrainingMemory(16_000_000_000L).requireRoomFor(124_439_808L));
  }

  @Test
  void readsMemAvailableInBytes() {
    List<String> meminfo = List.of("MemTotal:       24684124 kB", "MemFree:        19402584 kB",
        "MemAvailable:   23572900 kB", "Buffers:          152352 kB");
    assertEquals(OptionalLong.of(23_572_900L * 1024), TrainingMemory.memAvailable(meminfo));
    assertEquals(OptionalLong.empty(), TrainingMemory.memAvailable(List.of("MemTotal: 1 kB")));
  }

  @Test
  void readsAContainerLimitsHeadroomAndNoLimitAsNone() {
    assertEquals(OptionalLong.of(6_000_000_000L), TrainingMemory.headroom("8000000000\n", "2000000000\n"));
    assertEquals(OptionalLong.of(0), TrainingMemory.headroom("1000\n", "2000\n"));
    assertEquals(OptionalLong.empty(), TrainingMemory.headroom("max\n", "2000000000\n"));
  }

  @Test
  void readsThisMachinesFigureWhereLinuxGivesOne() {
    assumeTrue(Files.isReadable(Path.of("/proc/meminfo")), "no /proc/meminfo here");
    assertTrue(TrainingMemory.ofSystem().orElseThrow().availableBytes() >= 0);
  }
}
