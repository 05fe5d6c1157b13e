package subsim.bot.reddit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import net.dean.jraw.models.Comment;
import net.dean.jraw.models.PublicContribution;
import net.dean.jraw.models.Submission;
import net.dean.jraw.models.UserHistorySort;

/**
 * Writes into one subreddit as one account, never twice: a write whose outcome is unknown (5xx, dropped connection)
 * is looked up among the account's recent items before it is sent again. Limits are waited out as Reddit asks.
 */
public final class RedditPublisher {

  /** The longest wait between two tries of one write; a rate limit asking for more fails the write. */
  static final Duration LONGEST_WAIT_IN_A_WRITE = Duration.ofSeconds(30);

  /** How many of the account's newest items reconciliation searches (one page). */
  static final int RECONCILE_WINDOW = 100;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RedditSession session;
  private final String subreddit;

  RedditPublisher(RedditSession session, String subreddit) {
    this.session = session;
    this.subreddit = subreddit;
  }

  public String subreddit() {
    return subreddit;
  }

  /** The account this publisher writes as. */
  public String username() {
    return session.username();
  }

  /**
   * Submits a self-post with a link flair (null for none).
   *
   * @throws RedditException.GaveUp when every attempt failed; the post may still appear, so look it up with
   *     {@link #findRecentSubmission} before trying again later
   */
  public Published submit(String title, String body, Flair flair) {
    return publish(() -> sendSubmission(title, body, flair), () -> findRecentSubmission(title, body));
  }

  /** Replies to a post ({@code t3_…}) or comment ({@code t1_…}) with {@code body}. */
  public Published reply(String parentFullname, String body) {
    return publish(() -> sendReply(parentFullname, body), () -> findRecentComment(parentFullname, body));
  }

  /** This account's recent post in this subreddit with exactly this title and body, if Reddit has it. */
  public Optional<Published> findRecentSubmission(String title, String body) {
    return recent("submitted").stream()
        .filter(c -> c instanceof Submission)
        .map(c -> (Submission) c)
        .filter(s -> s.getSubreddit().equalsIgnoreCase(subreddit) && s.getTitle().equals(title)
            && sameText(s.getSelfText(), body))
        .findFirst()
        .map(s -> new Published(s.getFullName(), session.endpoints().permalink(s.getPermalink())));
  }

  /** This account's recent comment under {@code parentFullname} with exactly this body, if Reddit has it. */
  public Optional<Published> findRecentComment(String parentFullname, String body) {
    return recent("comments").stream()
        .filter(c -> c instanceof Comment)
        .map(c -> (Comment) c)
        .filter(c -> c.getParentFullName().equals(parentFullname) && sameText(c.getBody(), body))
        .findFirst()
        .map(this::published);
  }

  private Published publish(Supplier<Published> write, Supplier<Optional<Published>> lookup) {
    RedditClientOptions options = session.options();
    for (int attempt = 1; ; attempt++) {
      try {
        return session.once(write);
      } catch (RedditException failure) {
        if (!failure.transientFailure()) {
          throw failure;
        }
        if (outcomeUnknown(failure)) {
          Optional<Published> stored = lookup.get();
          if (stored.isPresent()) {
            return stored.get();
          }
        }
        if (attempt >= options.maxAttempts()) {
          throw new RedditException.GaveUp(attempt, failure);
        }
        // A write waits on its job's thread, holding the bot (and a shutdown); a longer rate limit goes back to
        // the outbox, which retries the item once Reddit allows it.
        if (RedditSession.waitAfter(options, failure, attempt).compareTo(LONGEST_WAIT_IN_A_WRITE) > 0) {
          throw failure;
        }
        session.pauseAfter(failure, attempt);
      }
    }
  }

  /** A 429 or RATELIMIT means Reddit refused before storing; a 5xx or a lost connection may come after it. */
  private static boolean outcomeUnknown(RedditException failure) {
    return failure instanceof RedditException.ServerError || failure instanceof RedditException.ConnectionLost;
  }

  private Published sendSubmission(String title, String body, Flair flair) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("api_type", "json");
    form.put("kind", "self");
    form.put("sr", subreddit);
    form.put("title", title);
    form.put("text", body);
    form.put("resubmit", "true");
    form.put("sendreplies", "false");
    if (flair != null) {
      form.put("flair_id", flair.templateId());
      form.put("flair_text", flair.text());
    }
    // JRAW's SubredditReference.submit cannot send a flair and drops the URL; the raw request still goes through
    // JRAW's client, so authentication, pacing and API-error parsing are the same.
    String answer = session.jraw().request(b -> b.path("/api/submit").post(form)).getBody();
    JsonNode data = parse(answer).path("json").path("data");
    if (!data.hasNonNull("name")) {
      throw new RedditException.ApiError("NO_DATA", "submit answered without a post name", null);
    }
    return new Published(data.get("name").asText(), data.path("url").asText());
  }

  private Published sendReply(String parentFullname, String body) {
    String id = parentFullname.substring(parentFullname.indexOf('_') + 1);
    Comment comment = parentFullname.startsWith("t1_")
        ? session.jraw().comment(id).reply(body)
        : session.jraw().submission(id).reply(body);
    return published(comment);
  }

  private Published published(Comment c) {
    String postId = c.getSubmissionFullName().substring(3);
    return new Published(c.getFullName(), session.endpoints().permalink(
        "/r/" + c.getSubreddit() + "/comments/" + postId + "/_/" + c.getId() + "/"));
  }

  private List<PublicContribution<?>> recent(String where) {
    return session.read(() -> session.jraw().user(session.username()).history(where)
        .sorting(UserHistorySort.NEW).limit(RECONCILE_WINDOW).build().next());
  }

  /** Reddit trims surrounding whitespace from text it stores. */
  private static boolean sameText(String stored, String sent) {
    return (stored == null ? "" : stored.strip()).equals(sent == null ? "" : sent.strip());
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new RedditException.ApiError("BAD_JSON", "unreadable answer: " + e.getMessage(), e);
    }
  }
}
