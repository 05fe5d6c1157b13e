package subsim.engine;

/**
 * How well a model predicts a text.
 *
 * @param tokens predicted tokens (every token but the first)
 * @param nll mean negative log-likelihood per predicted token, natural log
 * @param perplexity exp(nll)
 */
public record NllResult(int tokens, double nll, double perplexity) {}
