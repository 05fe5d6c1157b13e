package subsim.db;

import java.util.EnumSet;
import java.util.Set;

/**
 * The publishing state machine of one item: {@code GENERATED -> REJECTED}, or
 * {@code GENERATED -> QUEUED -> PUBLISHING -> PUBLISHED | FAILED}, and {@code FAILED -> PUBLISHING} to retry.
 */
public enum PublishState {
  GENERATED,
  REJECTED,
  QUEUED,
  PUBLISHING,
  PUBLISHED,
  FAILED;

  /** The states this one may move to. */
  public Set<PublishState> next() {
    return switch (this) {
      case GENERATED -> EnumSet.of(REJECTED, QUEUED);
      case QUEUED -> EnumSet.of(PUBLISHING);
      case PUBLISHING -> EnumSet.of(PUBLISHED, FAILED);
      case FAILED -> EnumSet.of(PUBLISHING);
      case REJECTED, PUBLISHED -> EnumSet.noneOf(PublishState.class);
    };
  }

  public boolean canMoveTo(PublishState target) {
    return next().contains(target);
  }
}
