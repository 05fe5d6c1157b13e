-- Generated text with what produced it. keywords holds one keyword per line; parameters is the caller's
-- rendering of the sampling settings; generation_millis is how long generating took.
CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  bot_id INTEGER NOT NULL REFERENCES bots (id),
  subreddit TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  label TEXT NOT NULL,
  keywords TEXT NOT NULL,
  parameters TEXT NOT NULL,
  seed INTEGER NOT NULL,
  model_id INTEGER REFERENCES models (id),
  generated_at INTEGER NOT NULL,
  generation_millis INTEGER NOT NULL
);
CREATE INDEX posts_by_subreddit ON posts (subreddit, generated_at);
CREATE INDEX posts_by_bot ON posts (bot_id, generated_at);

-- parent_id is NULL for a top-level comment; depth is 0 there and parent depth + 1 below.
CREATE TABLE comments (
  id INTEGER PRIMARY KEY,
  post_id INTEGER NOT NULL REFERENCES posts (id),
  parent_id INTEGER REFERENCES comments (id),
  bot_id INTEGER NOT NULL REFERENCES bots (id),
  depth INTEGER NOT NULL,
  body TEXT NOT NULL,
  label TEXT NOT NULL,
  keywords TEXT NOT NULL,
  parameters TEXT NOT NULL,
  seed INTEGER NOT NULL,
  model_id INTEGER REFERENCES models (id),
  generated_at INTEGER NOT NULL,
  generation_millis INTEGER NOT NULL
);
CREATE INDEX comments_by_post ON comments (post_id);
CREATE INDEX comments_by_parent ON comments (parent_id);
