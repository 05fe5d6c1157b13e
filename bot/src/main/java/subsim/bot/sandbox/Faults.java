package subsim.bot.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The faults queued for coming requests: each applies once, to the next request whose path starts with its prefix.
 * Tests queue them; the sandbox takes them as requests arrive.
 */
public final class Faults {

  private record Pending(String pathPrefix, Fault fault) {}

  private final Deque<Pending> pending = new ArrayDeque<>();
  private volatile long retryAfterSeconds = 7;
  private volatile int ratelimitMinutes = 9;

  /** Queues {@code fault} for the next {@code times} requests to paths starting with {@code pathPrefix}. */
  public synchronized Faults add(String pathPrefix, Fault fault, int times) {
    for (int i = 0; i < times; i++) {
      pending.addLast(new Pending(pathPrefix, fault));
    }
    return this;
  }

  /** Queues {@code fault} once. */
  public Faults add(String pathPrefix, Fault fault) {
    return add(pathPrefix, fault, 1);
  }

  /** The Retry-After of {@link Fault#TOO_MANY_REQUESTS}, in seconds. */
  public Faults retryAfterSeconds(long seconds) {
    this.retryAfterSeconds = seconds;
    return this;
  }

  /** The "Take a break for N minutes" of {@link Fault#RATELIMIT_ERROR}. */
  public Faults ratelimitMinutes(int minutes) {
    this.ratelimitMinutes = minutes;
    return this;
  }

  public synchronized void clear() {
    pending.clear();
  }

  /** How many queued faults have not happened yet. */
  public synchronized int pendingCount() {
    return pending.size();
  }

  long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  int ratelimitMinutes() {
    return ratelimitMinutes;
  }

  synchronized Optional<Fault> take(String path) {
    for (var it = pending.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (path.startsWith(p.pathPrefix())) {
        it.remove();
        return Optional.of(p.fault());
      }
    }
    return Optional.empty();
  }
}
