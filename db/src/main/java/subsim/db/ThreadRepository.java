package subsim.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Posts with their comment trees, as the web pages and the comment job read them. Only items whose
 * publishing state is in {@code states} appear; a comment whose parent does not appear is left out too.
 */
public final class ThreadRepository {

  private final Database db;

  ThreadRepository(Database db) {
    this.db = db;
  }

  /**
   * The latest posts meant for {@code subreddit} (its name in any case, as Reddit resolves it), newest first, each
   * with its comments.
   */
  public List<PostThread> findRecent(String subreddit, Set<PublishState> states, int limit) {
    return findRecent(subreddit, states, null, limit);
  }

  /**
   * As {@link #findRecent(String, Set, int)}, starting after the post {@code after} in that order (the next page of a
   * listing that ended with it); none when {@code after} names no post.
   */
  public List<PostThread> findRecent(String subreddit, Set<PublishState> states, Long after, int limit) {
    if (states.isEmpty()) {
      return List.of();
    }
    String older = after == null ? "" : " AND (generated_at, id) < (SELECT generated_at, id FROM posts WHERE id = ?)";
    Object[] params = Sql.concat(new Object[] {subreddit}, Sql.concat(states.toArray(),
        after == null ? new Object[] {limit} : new Object[] {after, limit}));
    return db.read(c -> {
      List<PostRow> posts = Sql.list(c, "SELECT " + PostRepository.COLUMNS + " FROM posts"
              + " WHERE subreddit = ? COLLATE NOCASE AND id IN (SELECT post_id FROM publications WHERE state IN ("
              + Sql.placeholders(states.size()) + "))" + older + " ORDER BY generated_at DESC, id DESC LIMIT ?",
          PostRepository::map, params);
      return assemble(c, posts, states);
    });
  }

  /** One post with its comments, if the post exists and is in one of {@code states}. */
  public Optional<PostThread> findByPostId(long postId, Set<PublishState> states) {
    return db.read(c -> {
      List<PostRow> posts = Sql.list(c, "SELECT " + PostRepository.COLUMNS + " FROM posts WHERE id = ?",
          PostRepository::map, postId);
      return assemble(c, posts, states).stream().findFirst();
    });
  }

  private static List<PostThread> assemble(Connection c, List<PostRow> posts, Set<PublishState> states)
      throws SQLException {
    if (posts.isEmpty()) {
      return List.of();
    }
    Object[] postIds = posts.stream().map(PostRow::id).toArray();
    String in = "(" + Sql.placeholders(postIds.length) + ")";
    Map<Long, PublicationRow> postStates = byItem(Sql.list(c, "SELECT " + PublicationRepository.COLUMNS
        + " FROM publications WHERE post_id IN " + in, PublicationRepository::map, postIds));
    Map<Long, PublicationRow> commentStates = byItem(Sql.list(c, "SELECT " + PublicationRepository.COLUMNS
            + " FROM publications WHERE comment_id IN (SELECT id FROM comments WHERE post_id IN " + in + ")",
        PublicationRepository::map, postIds));
    List<CommentRow> comments = Sql.list(c, "SELECT " + CommentRepository.COLUMNS
        + " FROM comments WHERE post_id IN " + in + " ORDER BY id", CommentRepository::map, postIds);

    Map<Long, List<CommentRow>> children = new HashMap<>();
    for (CommentRow comment : comments) {
      if (states.contains(commentStates.get(comment.id()).state())) {
        children.computeIfAbsent(comment.parentId() == null ? -comment.postId() : comment.parentId(),
            k -> new ArrayList<>()).add(comment);
      }
    }
    List<PostThread> threads = new ArrayList<>();
    for (PostRow post : posts) {
      PublicationRow publication = postStates.get(post.id());
      if (states.contains(publication.state())) {
        // Top-level comments hang under the negated post id, which no comment id can equal.
        threads.add(new PostThread(post, publication, tree(-post.id(), children, commentStates)));
      }
    }
    return threads;
  }

  private static List<CommentNode> tree(long parentKey, Map<Long, List<CommentRow>> children,
      Map<Long, PublicationRow> commentStates) {
    List<CommentNode> nodes = new ArrayList<>();
    for (CommentRow comment : children.getOrDefault(parentKey, List.of())) {
      nodes.add(new CommentNode(comment, commentStates.get(comment.id()),
          tree(comment.id(), children, commentStates)));
    }
    return nodes;
  }

  private static Map<Long, PublicationRow> byItem(List<PublicationRow> publications) {
    Map<Long, PublicationRow> map = new LinkedHashMap<>();
    for (PublicationRow publication : publications) {
      map.put(publication.itemId(), publication);
    }
    return map;
  }
}
