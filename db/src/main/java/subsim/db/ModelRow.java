package subsim.db;

import java.time.Instant;

/**
 * A trained model of a bot: its checkpoint folder, what it started from ({@code base}: a folder or a size name),
 * its size name, training steps and validation figures ({@code null} when not measured).
 */
public record ModelRow(
    long id,
    long botId,
    Long datasetId,
    String folder,
    String base,
    String size,
    long steps,
    Double validationLoss,
    Double validationPerplexity,
    Instant createdAt) {}
