package subsim.engine;

/** Told of every token as it is generated, so callers can stream without the engine knowing the console. */
@FunctionalInterface
public interface TokenListener {

  /** Ignores every token. */
  TokenListener NONE = (sample, id) -> {};

  /** Token {@code id} was just appended to sample {@code sample} (0-based within the batch). */
  void onToken(int sample, int id);
}
