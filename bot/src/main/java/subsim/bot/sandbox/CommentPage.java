package subsim.bot.sandbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import subsim.db.sandbox.SandboxComment;

/**
 * Builds the nested comment listing of {@code /comments/{id}} the way Reddit does: siblings sorted, at most
 * {@code limit} comments, at most {@code depth} levels, and {@code more} stubs naming everything left out. Which
 * comments make the limit is Reddit's choice too: the best of those whose parent is in, one at a time, so a post's
 * second-best top-level comment comes before the replies to its best one's replies.
 */
final class CommentPage {

  private final ThingJson json;
  private final String linkTitle;
  private final Map<String, List<SandboxComment>> children = new HashMap<>();
  private final Comparator<SandboxComment> order;
  private final int limit;
  private final int maxDepth;
  private final Set<String> chosen = new HashSet<>();

  CommentPage(ThingJson json, String linkTitle, List<SandboxComment> all, String sort, int limit, int depth) {
    this.json = json;
    this.linkTitle = linkTitle;
    for (SandboxComment c : all) {
      children.computeIfAbsent(c.parentId(), k -> new ArrayList<>()).add(c);
    }
    Comparator<SandboxComment> sorted = switch (sort == null ? "confidence" : sort) {
      case "new" -> Comparator.comparingLong(SandboxComment::createdUtc).reversed();
      case "old" -> Comparator.comparingLong(SandboxComment::createdUtc);
      default -> Comparator.comparingLong(SandboxComment::score).reversed();
    };
    // Ties broken by id, so that the comments chosen among siblings are always the first ones in this order.
    this.order = sorted.thenComparing(SandboxComment::id);
    this.limit = limit;
    this.maxDepth = depth;
  }

  /** The top-level things under post {@code postFullname}. */
  List<Object> render(String postFullname) {
    choose(postFullname);
    return level(postFullname, 1);
  }

  /** Picks the {@code limit} comments shown: the best candidate each time, its replies becoming candidates. */
  private void choose(String postFullname) {
    record Candidate(SandboxComment comment, int depth) {}
    PriorityQueue<Candidate> candidates = new PriorityQueue<>(Comparator.comparing(Candidate::comment, order));
    children.getOrDefault(postFullname, List.of()).forEach(c -> candidates.add(new Candidate(c, 1)));
    while (chosen.size() < limit && !candidates.isEmpty()) {
      Candidate best = candidates.poll();
      chosen.add(best.comment().fullname());
      if (best.depth() < maxDepth) {
        children.getOrDefault(best.comment().fullname(), List.of())
            .forEach(c -> candidates.add(new Candidate(c, best.depth() + 1)));
      }
    }
  }

  private List<Object> level(String parent, int depth) {
    List<SandboxComment> siblings = new ArrayList<>(children.getOrDefault(parent, List.of()));
    siblings.sort(order);
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < siblings.size(); i++) {
      if (!chosen.contains(siblings.get(i).fullname())) {
        out.add(ThingJson.more(parent, subtreeIds(siblings.subList(i, siblings.size()))));
        break;
      }
      SandboxComment c = siblings.get(i);
      List<Object> replies = level(c.fullname(), depth + 1);
      out.add(json.comment(c, linkTitle, replies.isEmpty() ? "" : ThingJson.listing(replies, null)));
    }
    return out;
  }

  private List<String> subtreeIds(List<SandboxComment> roots) {
    List<String> ids = new ArrayList<>();
    for (SandboxComment c : roots) {
      ids.add(c.id());
      ids.addAll(subtreeIds(children.getOrDefault(c.fullname(), List.of())));
    }
    return ids;
  }

  /** The comments named by {@code ids}, flat, parents first (the {@code /api/morechildren} answer). */
  static List<SandboxComment> flat(List<SandboxComment> all, Set<String> ids) {
    return all.stream().filter(c -> ids.contains(c.id())).toList();
  }
}
