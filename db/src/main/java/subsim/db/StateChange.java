package subsim.db;

import java.time.Instant;

/** One recorded transition of a publication; {@code from} is {@code null} for its creation. */
public record StateChange(
    long id, long publicationId, PublishState from, PublishState to, String detail, Instant at) {}
