package subsim.bot.sandbox;

/** An account the sandbox accepts: the script app's client id and secret and the user's password. */
public record SandboxAccount(String username, String password, String clientId, String clientSecret) {

  @Override
  public String toString() {
    return "SandboxAccount[username=" + username + ", secrets hidden]";
  }
}
