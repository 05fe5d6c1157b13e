package subsim.bot.reddit;

/** Where a post or comment now lives on Reddit: its fullname ({@code t3_…} or {@code t1_…}) and browser URL. */
public record Published(String fullname, String url) {

  /** The bare base-36 id. */
  public String id() {
    return fullname.substring(fullname.indexOf('_') + 1);
  }
}
