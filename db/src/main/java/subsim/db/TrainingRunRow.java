package subsim.db;

import java.time.Instant;

/** One training run of a bot: progress, outcome, and the model it produced once it succeeded. */
public record TrainingRunRow(
    long id,
    long botId,
    Long datasetId,
    Long modelId,
    RunStatus status,
    long steps,
    long totalSteps,
    Double loss,
    String error,
    Instant startedAt,
    Instant finishedAt) {}
