package subsim.bot.reddit;

import java.util.List;

/** A post and the comments Reddit returned with it, parents before their replies (pre-order). */
public record RemoteThread(RemotePost post, List<RemoteComment> comments) {

  public RemoteThread {
    comments = List.copyOf(comments);
  }
}
