-- The sandbox Reddit (a Reddit-compatible API on localhost) keeps what bots publish here.
-- seq orders items by arrival and breaks ties in listings; id is Reddit's bare base-36 id.
CREATE TABLE sandbox_post (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  id              TEXT    NOT NULL UNIQUE,
  subreddit       TEXT    NOT NULL,
  author          TEXT    NOT NULL,
  title           TEXT    NOT NULL,
  selftext        TEXT    NOT NULL,
  link_flair_text TEXT,
  score           INTEGER NOT NULL,
  created_utc     INTEGER NOT NULL,
  over_18         INTEGER NOT NULL DEFAULT 0,
  hot             REAL    NOT NULL
);
CREATE INDEX sandbox_post_subreddit ON sandbox_post (subreddit COLLATE NOCASE, created_utc);
CREATE INDEX sandbox_post_author ON sandbox_post (author COLLATE NOCASE, seq);

CREATE TABLE sandbox_comment (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  id          TEXT    NOT NULL UNIQUE,
  subreddit   TEXT    NOT NULL,
  author      TEXT    NOT NULL,
  link_id     TEXT    NOT NULL,
  parent_id   TEXT    NOT NULL,
  body        TEXT    NOT NULL,
  score       INTEGER NOT NULL,
  created_utc INTEGER NOT NULL
);
CREATE INDEX sandbox_comment_link ON sandbox_comment (link_id, seq);
CREATE INDEX sandbox_comment_author ON sandbox_comment (author COLLATE NOCASE, seq);
