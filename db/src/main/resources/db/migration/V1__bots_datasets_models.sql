-- Conventions for every migration: INTEGER, TEXT and REAL columns only; times are epoch milliseconds (UTC)
-- in INTEGER columns named *_at; standard SQL wherever SQLite and PostgreSQL share a form.

-- One bot per configured subreddit; the name is the bot's key in the YAML configuration.
CREATE TABLE bots (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  source_subreddit TEXT NOT NULL,
  target_subreddit TEXT NOT NULL,
  account TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

-- One row per import of a bot's training data; the fingerprint tells the training job whether the data changed.
CREATE TABLE datasets (
  id INTEGER PRIMARY KEY,
  bot_id INTEGER NOT NULL REFERENCES bots (id),
  source_files TEXT NOT NULL,
  post_count INTEGER NOT NULL,
  comment_count INTEGER NOT NULL,
  fingerprint TEXT NOT NULL,
  imported_at INTEGER NOT NULL
);
CREATE INDEX datasets_by_bot ON datasets (bot_id, imported_at);

CREATE TABLE models (
  id INTEGER PRIMARY KEY,
  bot_id INTEGER NOT NULL REFERENCES bots (id),
  dataset_id INTEGER REFERENCES datasets (id),
  folder TEXT NOT NULL,
  base TEXT NOT NULL,
  model_size TEXT NOT NULL,
  steps INTEGER NOT NULL,
  validation_loss REAL,
  validation_perplexity REAL,
  created_at INTEGER NOT NULL
);
CREATE INDEX models_by_bot ON models (bot_id, created_at);

CREATE TABLE training_runs (
  id INTEGER PRIMARY KEY,
  bot_id INTEGER NOT NULL REFERENCES bots (id),
  dataset_id INTEGER REFERENCES datasets (id),
  model_id INTEGER REFERENCES models (id),
  status TEXT NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
  steps INTEGER NOT NULL,
  total_steps INTEGER NOT NULL,
  loss REAL,
  error TEXT,
  started_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX training_runs_by_bot ON training_runs (bot_id, started_at);
