package subsim.bot.service;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import subsim.bot.config.BotConfig.GenerationConfig;
import subsim.engine.GenerationOptions;
import subsim.engine.Generator;
import subsim.engine.Gpt2Model;
import subsim.engine.Sample;
import subsim.engine.Tokenizer;

/** A GPT-2 checkpoint folder behind {@link TextModel}, sampling with the bot's generation settings. */
public final class Gpt2TextModel implements TextModel {

  private final long id;
  private final String name;
  private final Gpt2Model model;
  private final Generator generator;
  private final GenerationOptions options;
  private final String parameters;

  private Gpt2TextModel(long id, String name, Gpt2Model model, GenerationConfig config) {
    this.id = id;
    this.name = name;
    this.model = model;
    this.generator = new Generator(model, Tokenizer.gpt2());
    this.options = GenerationOptions.defaults().withTemperature(config.temperature()).withTopK(config.topK())
        .withTopP(config.topP()).withRepetitionPenalty(config.repetitionPenalty())
        .withMaxNewTokens(config.maxTokens()).withKeepPrefix(false);
    this.parameters = String.format(Locale.ROOT, "temperature=%s top_k=%d top_p=%s repetition_penalty=%s max_tokens=%d",
        config.temperature(), config.topK(), config.topP(), config.repetitionPenalty(), config.maxTokens());
  }

  /**
   * Loads the Hugging Face folder {@code dir} of the store's model {@code id}; {@code name} is what the synthetic
   * label calls it.
   */
  public static Gpt2TextModel load(Path dir, long id, String name, GenerationConfig config) {
    return new Gpt2TextModel(id, name, Gpt2Model.load(dir), config);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public synchronized Continuation continueText(String prompt, long seed) {
    long start = System.nanoTime();
    Sample sample = generator.generate(prompt, options.withSeed(seed)).get(0);
    return new Continuation(sample.text(), sample.ids().length, Duration.ofNanos(System.nanoTime() - start), parameters);
  }

  @Override
  public void close() {
    model.close();
  }
}
