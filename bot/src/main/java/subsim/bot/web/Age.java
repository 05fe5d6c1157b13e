package subsim.bot.web;

import java.time.Duration;
import java.time.Instant;

/** Old Reddit's "5 minutes ago". */
final class Age {

  private Age() {}

  static String since(Instant then, Instant now) {
    long seconds = Math.max(0, Duration.between(then, now).toSeconds());
    if (seconds < 60) {
      return "just now";
    }
    long[] sizes = {60, 3600, 86_400, 2_592_000, 31_536_000};
    String[] names = {"minute", "hour", "day", "month", "year"};
    int unit = 0;
    while (unit + 1 < sizes.length && seconds >= sizes[unit + 1]) {
      unit++;
    }
    long count = seconds / sizes[unit];
    return count + " " + names[unit] + (count == 1 ? "" : "s") + " ago";
  }
}
