package subsim.db;

import java.time.Instant;

/** A failed publishing attempt, for the status page. */
public record PublishError(
    long publicationId, String key, ItemKind kind, long botId, String botName, String error, Instant at) {}
