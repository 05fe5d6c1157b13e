package subsim.bot.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import subsim.db.CommentNode;
import subsim.db.PostThread;
import subsim.db.PublicationRow;

/**
 * A post as the pages show it: raw text (the templates escape it), its body and label also rendered from
 * Markdown (the only HTML the templates print as is), who wrote it, and when.
 */
public record ThreadView(
    long id, String subreddit, String title, String body, String label, String flair, String bot, String age,
    int commentCount, String permalink, List<CommentView> comments) {

  /** The body rendered from Markdown, safe to print unescaped; rendered on demand, as only the thread page shows it. */
  public String bodyHtml() {
    return Markdown.html(body);
  }

  /** The synthetic label rendered from Markdown, safe to print unescaped. */
  public String labelHtml() {
    return Markdown.html(label);
  }

  /** A comment and its replies as the thread page shows them. */
  public record CommentView(long id, String bot, String age, String body, String label, int depth, List<CommentView> replies) {

    /** The body rendered from Markdown, safe to print unescaped. */
    public String bodyHtml() {
      return Markdown.html(body);
    }

    /** The synthetic label rendered from Markdown, safe to print unescaped. */
    public String labelHtml() {
      return Markdown.html(label);
    }
  }

  /** Names of bots by id, and their flair by bot name: what the rows refer to. */
  record Authors(Map<Long, String> names, Map<String, String> flairs) {
    String name(long botId) {
      return names.getOrDefault(botId, "bot-" + botId);
    }

    String flair(long botId) {
      return flairs.getOrDefault(name(botId), "synthetic");
    }
  }

  static ThreadView of(PostThread thread, Authors authors, Instant now) {
    var post = thread.post();
    List<CommentView> comments = thread.comments().stream().map(c -> comment(c, authors, now)).toList();
    return new ThreadView(post.id(), post.subreddit(), post.title(), post.body(), post.label(), authors.flair(post.botId()),
        authors.name(post.botId()), Age.since(shownAt(thread.publication(), post.generation().generatedAt()), now),
        thread.commentCount(), "/r/" + post.subreddit() + "/comments/" + post.id(), comments);
  }

  private static CommentView comment(CommentNode node, Authors authors, Instant now) {
    var row = node.comment();
    return new CommentView(row.id(), authors.name(row.botId()),
        Age.since(shownAt(node.publication(), row.generation().generatedAt()), now), row.body(), row.label(), row.depth(),
        node.replies().stream().map(r -> comment(r, authors, now)).toList());
  }

  private static Instant shownAt(PublicationRow publication, Instant generatedAt) {
    return publication.publishedAt() != null ? publication.publishedAt() : generatedAt;
  }
}
