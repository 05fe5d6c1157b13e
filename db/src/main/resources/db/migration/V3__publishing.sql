-- One publication per generated post or comment: its state machine, keyed by a stable item_key.
CREATE TABLE publications (
  id INTEGER PRIMARY KEY,
  item_key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('POST', 'COMMENT')),
  post_id INTEGER UNIQUE REFERENCES posts (id),
  comment_id INTEGER UNIQUE REFERENCES comments (id),
  bot_id INTEGER NOT NULL REFERENCES bots (id),
  state TEXT NOT NULL CHECK (state IN ('GENERATED', 'REJECTED', 'QUEUED', 'PUBLISHING', 'PUBLISHED', 'FAILED')),
  reason TEXT,
  error TEXT,
  attempts INTEGER NOT NULL,
  retry_at INTEGER,
  fullname TEXT,
  url TEXT,
  published_at INTEGER,
  updated_at INTEGER NOT NULL,
  CHECK ((kind = 'POST' AND post_id IS NOT NULL AND comment_id IS NULL)
      OR (kind = 'COMMENT' AND comment_id IS NOT NULL AND post_id IS NULL))
);
CREATE INDEX publications_by_state ON publications (state, retry_at);
CREATE INDEX publications_by_bot ON publications (bot_id, state);

-- Every transition with its time; from_state is NULL for the item's creation.
CREATE TABLE publication_events (
  id INTEGER PRIMARY KEY,
  publication_id INTEGER NOT NULL REFERENCES publications (id),
  from_state TEXT,
  to_state TEXT NOT NULL,
  detail TEXT,
  at INTEGER NOT NULL
);
CREATE INDEX publication_events_by_publication ON publication_events (publication_id, id);
CREATE INDEX publication_events_by_state ON publication_events (to_state, at);

-- Posts and comments stored by schema version 2 had no publishing state: they start as GENERATED.
INSERT INTO publications (item_key, kind, post_id, bot_id, state, attempts, updated_at)
  SELECT 'post-' || id, 'POST', id, bot_id, 'GENERATED', 0, generated_at FROM posts;
INSERT INTO publications (item_key, kind, comment_id, bot_id, state, attempts, updated_at)
  SELECT 'comment-' || id, 'COMMENT', id, bot_id, 'GENERATED', 0, generated_at FROM comments;
INSERT INTO publication_events (publication_id, from_state, to_state, detail, at)
  SELECT id, NULL, 'GENERATED', 'created by migration 3', updated_at FROM publications;
