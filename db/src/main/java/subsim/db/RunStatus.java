package subsim.db;

/** Where a training run stands; a run left {@code RUNNING} by a dead process stays so until marked failed. */
public enum RunStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** Stopped by a shutdown after a checkpoint; the next start resumes it. */
  STOPPED
}
