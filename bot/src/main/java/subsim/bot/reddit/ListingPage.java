package subsim.bot.reddit;

import java.util.List;

/** One page of a listing and the cursor of the next ({@code null} at the end). */
public record ListingPage(List<RemotePost> posts, String after) {

  public ListingPage {
    posts = List.copyOf(posts);
  }
}
