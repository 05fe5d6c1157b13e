package subsim.bot.reddit;

/**
 * A post's link flair as Reddit sets it on submit: from one of the subreddit's flair templates ({@code templateId},
 * the template's {@code flair_template_id}), with {@code text} replacing the template's where the template lets it.
 * Reddit answers 400 to a {@code flair_text} sent without its template's id.
 */
public record Flair(String text, String templateId) {

  public Flair {
    if (templateId == null || templateId.isBlank()) {
      throw new IllegalArgumentException("a flair needs its template id: Reddit refuses flair text alone");
    }
  }
}
