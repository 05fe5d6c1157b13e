package subsim.engine;

/**
 * How to generate: length, sampling controls, stopping, batch size and seed. Validated on construction.
 *
 * @param maxNewTokens tokens to generate per sample, at most
 * @param temperature divides the logits before sampling; below 1 is more conservative
 * @param topK keep only the k likeliest tokens; 0 keeps all
 * @param topP keep the smallest set of tokens whose probability reaches p (nucleus); 1 keeps all
 * @param repetitionPenalty divides positive (multiplies negative) logits of tokens already seen; 1 is off
 * @param greedy always take the likeliest token (ignores temperature, top-k, top-p)
 * @param stop generation of a sample ends where this text appears, and the text is cut there; null for none
 * @param seed makes the output reproducible; null draws a fresh one
 * @param samples samples generated together, as one batch
 * @param keepPrefix whether each sample's text starts with the prompt
 */
public record GenerationOptions(
    int maxNewTokens,
    double temperature,
    int topK,
    double topP,
    double repetitionPenalty,
    boolean greedy,
    String stop,
    Long seed,
    int samples,
    boolean keepPrefix) {

  public GenerationOptions {
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("max new tokens must be at least 1, got " + maxNewTokens);
    }
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be positive, got " + temperature);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("top-k must be 0 (off) or positive, got " + topK);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
    }
    if (!(repetitionPenalty > 0) || Double.isInfinite(repetitionPenalty)) {
      throw new IllegalArgumentException("repetition penalty must be positive, got " + repetitionPenalty);
    }
    if (stop != null && stop.isEmpty()) {
      throw new IllegalArgumentException("stop text must not be empty");
    }
    if (samples < 1) {
      throw new IllegalArgumentException("samples must be at least 1, got " + samples);
    }
  }

  /** 100 new tokens, temperature 0.7 with top-k 40 (GPT-2's own sampling defaults), one sample, prompt kept. */
  public static GenerationOptions defaults() {
    return new GenerationOptions(100, 0.7, 40, 1.0, 1.0, false, null, null, 1, true);
  }

  public GenerationOptions withMaxNewTokens(int n) {
    return new GenerationOptions(n, temperature, topK, topP, repetitionPenalty, greedy, stop, seed, samples, keepPrefix);
  }

  public GenerationOptions withTemperature(double t) {
    return new GenerationOptions(maxNewTokens, t, topK, topP, repetitionPenalty, greedy, stop, seed, samples, keepPrefix);
  }

  public GenerationOptions withTopK(int k) {
    return new GenerationOptions(maxNewTokens, temperature, k, topP, repetitionPenalty, greedy, stop, seed, samples, keepPrefix);
  }

  public GenerationOptions withTopP(double p) {
    return new GenerationOptions(maxNewTokens, temperature, topK, p, repetitionPenalty, greedy, stop, seed, samples, keepPrefix);
  }

  public GenerationOptions withRepetitionPenalty(double r) {
    return new GenerationOptions(maxNewTokens, temperature, topK, topP, r, greedy, stop, seed, samples, keepPrefix);
  }

  public GenerationOptions withGreedy(boolean g) {
    return new GenerationOptions(maxNewTokens, temperature, topK, topP, repetitionPenalty, g, stop, seed, samples, keepPrefix);
  }

  public GenerationOptions withStop(String s) {
    return new GenerationOptions(maxNewTokens, temperature, topK, topP, repetitionPenalty, greedy, s, seed, samples, keepPrefix);
  }

  public GenerationOptions withSeed(long s) {
    return new GenerationOptions(maxNewTokens, temperature, topK, topP, repetitionPenalty, greedy, stop, s, samples, keepPrefix);
  }

  public GenerationOptions withSamples(int n) {
    return new GenerationOptions(maxNewTokens, temperature, topK, topP, repetitionPenalty, greedy, stop, seed, n, keepPrefix);
  }

  public GenerationOptions withKeepPrefix(boolean keep) {
    return new GenerationOptions(maxNewTokens, temperature, topK, topP, repetitionPenalty, greedy, stop, seed, samples, keep);
  }
}
