package subsim.db;

/** A publishing transition the state machine forbids, or one another worker already made. */
public final class IllegalTransitionException extends IllegalStateException {

  private final long publicationId;
  private final PublishState current;
  private final PublishState target;

  public IllegalTransitionException(long publicationId, PublishState current, PublishState target) {
    super("publication " + publicationId + " is " + current + " and cannot move to " + target);
    this.publicationId = publicationId;
    this.current = current;
    this.target = target;
  }

  public long publicationId() {
    return publicationId;
  }

  public PublishState current() {
    return current;
  }

  public PublishState target() {
    return target;
  }
}
