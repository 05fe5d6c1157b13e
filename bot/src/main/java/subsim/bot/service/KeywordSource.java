package subsim.bot.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Where the keywords that steer one generated item come from. */
@FunctionalInterface
public interface KeywordSource {

  /** Up to the configured number of keywords, in random order. */
  List<String> pick(Random random);

  /** A random choice of {@code count} keywords from a fixed list. */
  static KeywordSource fixed(List<String> keywords, int count) {
    List<String> all = List.copyOf(keywords);
    return random -> {
      List<String> shuffled = new ArrayList<>(all);
      Collections.shuffle(shuffled, random);
      return List.copyOf(shuffled.subList(0, Math.min(count, shuffled.size())));
    };
  }
}
