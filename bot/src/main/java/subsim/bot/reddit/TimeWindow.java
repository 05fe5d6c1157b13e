package subsim.bot.reddit;

/** The {@code t} parameter of a top listing. */
public enum TimeWindow {
  HOUR, DAY, WEEK, MONTH, YEAR, ALL;

  public String parameter() {
    return name().toLowerCase();
  }
}
