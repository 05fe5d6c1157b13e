package subsim.bot.sandbox;

/** A misbehaviour the sandbox can be told to show on a request, to test that clients lose and duplicate nothing. */
public enum Fault {
  /** 429 Too Many Requests with Retry-After; nothing stored. */
  TOO_MANY_REQUESTS,
  /** 503 before the write happens; nothing stored. */
  SERVER_ERROR_BEFORE_STORE,
  /** 500 after the write was stored: the client cannot know it succeeded (the dangerous one). */
  SERVER_ERROR_AFTER_STORE,
  /** The connection is closed after the write was stored, with no answer at all. */
  DROP_AFTER_STORE,
  /** Reddit's {@code RATELIMIT} API error ("Take a break for N minutes"); nothing stored. */
  RATELIMIT_ERROR
}
