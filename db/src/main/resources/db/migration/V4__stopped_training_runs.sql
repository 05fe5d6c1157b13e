-- A run that a shutdown stopped is neither failed nor finished: the next start resumes it from its checkpoint.
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt with the new status allowed.
CREATE TABLE training_runs_v4 (
  id INTEGER PRIMARY KEY,
  bot_id INTEGER NOT NULL REFERENCES bots (id),
  dataset_id INTEGER REFERENCES datasets (id),
  model_id INTEGER REFERENCES models (id),
  status TEXT NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'STOPPED')),
  steps INTEGER NOT NULL,
  total_steps INTEGER NOT NULL,
  loss REAL,
  error TEXT,
  started_at INTEGER NOT NULL,
  finished_at INTEGER
);
INSERT INTO training_runs_v4 (id, bot_id, dataset_id, model_id, status, steps, total_steps, loss, error, started_at,
    finished_at)
  SELECT id, bot_id, dataset_id, model_id, status, steps, total_steps, loss, error, started_at, finished_at
  FROM training_runs;
DROP TABLE training_runs;
ALTER TABLE training_runs_v4 RENAME TO training_runs;
CREATE INDEX training_runs_by_bot ON training_runs (bot_id, started_at);
