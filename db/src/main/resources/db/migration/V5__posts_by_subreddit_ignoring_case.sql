-- Reddit's subreddit names ignore case (r/SubSim is r/subsim), so posts are looked up by subreddit ignoring case; the
-- index follows the lookup, or every front page would read the whole table.
DROP INDEX posts_by_subreddit;
CREATE INDEX posts_by_subreddit ON posts (subreddit COLLATE NOCASE, generated_at);
