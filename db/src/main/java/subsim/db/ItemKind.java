package subsim.db;

/** What a publication publishes. */
public enum ItemKind {
  POST,
  COMMENT
}
