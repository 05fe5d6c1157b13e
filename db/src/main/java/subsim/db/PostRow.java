package subsim.db;

/** A generated post: the subreddit it is meant for, its text, its synthetic label, and how it was made. */
public record PostRow(
    long id, long botId, String subreddit, String title, String body, String label, Generation generation) {}
