package subsim.engine;

/**
 * One generated sample.
 *
 * @param text the prompt (when kept) and the new text, cut at the stop text
 * @param ids the new token ids only, without the end-of-text token
 */
public record Sample(String text, int[] ids) {}
