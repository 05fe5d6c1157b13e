package subsim.bot.content;

import java.util.Objects;

/**
 * The label every published post and comment carries: the configured text, naming the model and the source
 * subreddit, appended as a footer. It is applied by the jobs unconditionally; there is no switch to skip it.
 */
public final class SyntheticLabel {

  /** Separates the generated text from the label (a Markdown horizontal rule). */
  static final String SEPARATOR = "\n\n---\n\n";

  private final String template;

  public SyntheticLabel(String template) {
    if (template == null || template.isBlank()) {
      throw new IllegalArgumentException("the synthetic label cannot be empty");
    }
    this.template = template;
  }

  /** The footer for one bot's items. */
  public String footer(String modelName, String sourceSubreddit) {
    return template.replace("{model}", modelName).replace("{subreddit}", sourceSubreddit);
  }

  /** {@code text} with the footer appended. */
  public String apply(String text, String modelName, String sourceSubreddit) {
    return attach(text, footer(modelName, sourceSubreddit));
  }

  /** {@code text} with an already rendered {@code footer} appended: what is published. */
  public static String attach(String text, String footer) {
    if (footer == null || footer.isBlank()) {
      throw new IllegalArgumentException("refusing to publish an item without its synthetic label");
    }
    String body = Objects.requireNonNullElse(text, "").strip();
    return body.isEmpty() ? footer : body + SEPARATOR + footer;
  }

  /** True when {@code text} ends with this label's footer for the given model and subreddit. */
  public boolean isOn(String text, String modelName, String sourceSubreddit) {
    return text != null && text.endsWith(footer(modelName, sourceSubreddit));
  }
}
