package subsim.bot.sandbox;

import java.nio.file.Path;
import java.util.List;
import subsim.bot.reddit.FakeTime;
import subsim.bot.reddit.RedditAccount;
import subsim.bot.reddit.RedditClientOptions;
import subsim.bot.reddit.RedditEndpoints;
import subsim.bot.reddit.RedditSession;
import subsim.db.sandbox.SandboxStore;

/** A sandbox Reddit on a temp-dir SQLite file with two accounts and one fake clock shared with the clients. */
public final class SandboxFixture implements AutoCloseable {

  public static final RedditAccount ALICE = new RedditAccount("alice-app", "alice-secret", "alice_bot", "pw-a");
  public static final RedditAccount BOB = new RedditAccount("bob-app", "bob-secret", "bob_bot", "pw-b");

  public final FakeTime time = new FakeTime();
  public final SandboxStore store;
  public final SandboxReddit reddit;

  public SandboxFixture(Path dir) {
    store = SandboxStore.open(dir.resolve("sandbox.db"));
    reddit = SandboxReddit.start(store, List.of(account(ALICE), account(BOB)), 0, time);
  }

  static SandboxAccount account(RedditAccount a) {
    return new SandboxAccount(a.username(), a.password(), a.clientId(), a.clientSecret());
  }

  public RedditClientOptions options() {
    return RedditClientOptions.defaults().withTime(time);
  }

  public RedditSession connect(RedditAccount account) {
    return RedditSession.connect(account, RedditEndpoints.sandbox(reddit.baseUrl()), options());
  }

  @Override
  public void close() {
    reddit.close();
  }
}
