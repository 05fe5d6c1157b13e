package subsim.bot.service;

import java.time.Duration;

/** A bot's language model as the writers see it: a prompt in, a continuation out. */
public interface TextModel extends AutoCloseable {

  /** The model's name as the synthetic label shows it. */
  String name();

  /** The store's id of the model, recorded with every item it writes. */
  long id();

  /** Continues {@code prompt}; {@code seed} makes the result reproducible. */
  Continuation continueText(String prompt, long seed);

  /** What the model wrote, how many tokens, and how long it took. */
  record Continuation(String text, int tokens, Duration took, String parameters) {}

  @Override
  void close();
}
