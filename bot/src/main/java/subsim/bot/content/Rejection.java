package subsim.bot.content;

import java.util.Locale;

/** Why a generated item was thrown away; {@code reason} is a metric label, {@code detail} is for people. */
public record Rejection(Reason reason, String detail) {

  /** The filter that rejected an item; the lower-case name is the metric label and the stored reason. */
  public enum Reason {
    EMPTY_TITLE, TITLE_TOO_LONG, TOO_LONG, EMPTY_BODY, BANNED_WORD, NEAR_COPY, DUPLICATE, MALFORMED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Override
  public String toString() {
    return reason.label() + ": " + detail;
  }
}
