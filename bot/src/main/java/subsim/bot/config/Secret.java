package subsim.bot.config;

import java.util.Objects;

/** A credential read from the environment or a file; its text never appears in logs, pages or toString. */
public final class Secret {

  private final String value;
  private final String source;

  Secret(String value, String source) {
    this.value = Objects.requireNonNull(value);
    this.source = source;
  }

  /** A secret given directly, e.g. by a test or for the sandbox. */
  public static Secret of(String value) {
    return new Secret(value, "literal");
  }

  /** The secret itself: call only where it is handed to the Reddit client. */
  public String reveal() {
    return value;
  }

  /** Where it came from (e.g. {@code env:REDDIT_SECRET}), safe to show. */
  public String source() {
    return source;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "Secret[" + source + "]";
  }
}
