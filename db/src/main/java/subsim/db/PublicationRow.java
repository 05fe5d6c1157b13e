package subsim.db;

import java.time.Instant;

/**
 * The publishing state of one post or comment. {@code key} is stable for the item's life. {@code reason}
 * is set when rejected; {@code error} and {@code retryAt} after a failure ({@code retryAt} null: do not
 * retry); {@code fullname}, {@code url}, {@code publishedAt} once published; {@code attempts} counts entries
 * into {@code PUBLISHING}.
 */
public record PublicationRow(
    long id,
    String key,
    ItemKind kind,
    long itemId,
    long botId,
    PublishState state,
    String reason,
    String error,
    int attempts,
    Instant retryAt,
    String fullname,
    String url,
    Instant publishedAt,
    Instant updatedAt) {}
