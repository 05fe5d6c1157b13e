package subsim.bot.reddit;

import java.util.Objects;

/** The credentials of one Reddit script app account; {@link #toString} never shows the secrets. */
public record RedditAccount(String clientId, String clientSecret, String username, String password) {

  public RedditAccount {
    requireText(clientId, "client id");
    requireText(clientSecret, "client secret");
    requireText(username, "username");
    requireText(password, "password");
  }

  private static void requireText(String value, String field) {
    if (Objects.requireNonNullElse(value, "").isBlank()) {
      throw new IllegalArgumentException("Reddit account: " + field + " is missing");
    }
  }

  @Override
  public String toString() {
    return "RedditAccount[username=" + username + ", clientId=" + clientId + ", secrets hidden]";
  }
}
