package subsim.engine;

/** CTRL's repetition penalty as Hugging Face applies it: seen tokens' logits divided (if positive) or multiplied (if negative). */
final class RepetitionPenalty {

  private final float penalty;

  RepetitionPenalty(double penalty) {
    this.penalty = (float) penalty;
  }

  /** Penalises, once each, the distinct ids among {@code seen[0..length)}. */
  void apply(float[] logits, int[] seen, int length) {
    if (penalty == 1f) {
      return;
    }
    boolean[] done = new boolean[logits.length];
    for (int i = 0; i < length; i++) {
      int id = seen[i];
      if (id < logits.length && !done[id]) {
        done[id] = true;
        logits[id] = logits[id] > 0 ? logits[id] / penalty : logits[id] * penalty;
      }
    }
  }
}
