package subsim.db;

import java.time.Instant;

/** A configured bot: it learns from one subreddit and writes into another under one Reddit account. */
public record BotRow(
    long id, String name, String sourceSubreddit, String targetSubreddit, String account, Instant createdAt) {}
