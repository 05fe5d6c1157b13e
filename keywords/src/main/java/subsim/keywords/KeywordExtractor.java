package subsim.keywords;

import edu.stanford.nlp.ling.CoreAnnotations.SentencesAnnotation;
import edu.stanford.nlp.ling.CoreAnnotations.TokensAnnotation;
import edu.stanford.nlp.ling.CoreLabel;
import edu.stanford.nlp.pipeline.AnnotationPipeline;
import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.NERCombinerAnnotator;
import edu.stanford.nlp.pipeline.POSTaggerAnnotator;
import edu.stanford.nlp.pipeline.TokenizerAnnotator;
import edu.stanford.nlp.process.Morphology;
import edu.stanford.nlp.util.CoreMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The keywords of one text, as gpt-2-keyword-generation extracts them, on Stanford CoreNLP.
 *
 * <p>Nouns keep their written form; verbs, adjectives and adverbs become their lemma. A named entity or a run of
 * nouns ("stock exchange", "Elon Musk") is one keyword, written with dashes, instead of its words; a phrase over
 * {@link #MAX_KEYWORD_LENGTH} characters falls back to its words. Pronouns and stop words are dropped, keywords are
 * deduplicated ignoring case (the first spelling wins) and come in the order they appear.
 *
 * <p>Safe to call from several threads: each thread gets its own pipeline (tokenizer, tagger, 3-class NER), built
 * once and reused; the tagger and NER models inside are loaded once and shared.
 */
public final class KeywordExtractor {

  /** The original's {@code keyword_length_max}. */
  public static final int MAX_KEYWORD_LENGTH = 20;

  /**
   * Only the start of a long text is tagged: CRF tagging cost grows with length, and a post or comment says what it
   * is about early on.
   */
  public static final int MAX_TEXT_CHARS = 1000;

  private static final String NER_3_CLASS = "edu/stanford/nlp/models/ner/english.all.3class.distsim.crf.ser.gz";

  private final ThreadLocal<Pipeline> pipelines;
  private final StopWords stopWords;

  /** A worker thread's own annotators in front of the shared models, and its own lemmatizer. */
  private record Pipeline(AnnotationPipeline annotators, Morphology morphology) {}

  private KeywordExtractor(Properties properties, POSTaggerAnnotator tagger, NERCombinerAnnotator ner,
      StopWords stopWords) {
    this.stopWords = stopWords;
    // The tagger and the NER models are read-only once loaded and shared, as CoreNLP's server shares them; the
    // pipeline objects around them keep per-call state and timing, hence one per thread.
    this.pipelines = ThreadLocal.withInitial(() -> new Pipeline(new AnnotationPipeline(List.of(
        new TokenizerAnnotator(false, properties), tagger, ner)),
        new Morphology()));
  }

  /**
   * An extractor with the models loaded (about two seconds, the tagger and the NER model in parallel), so that the
   * first call is not the slow one.
   */
  public static KeywordExtractor create() {
    // No RedwoodConfiguration here: applying one resets System.out and System.err to the JVM's first streams.
    Properties properties = pipelineProperties();
    // A thread of its own: on two cores the common pool has one thread, which may be the caller's.
    CompletableFuture<POSTaggerAnnotator> tagger = CompletableFuture.supplyAsync(
        () -> new POSTaggerAnnotator("pos", properties), task -> daemon(task, "load-pos-tagger"));
    NERCombinerAnnotator ner;
    try {
      ner = new NERCombinerAnnotator(properties);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the CoreNLP NER model " + NER_3_CLASS, e);
    }
    return new KeywordExtractor(properties, tagger.join(), ner, StopWords.english());
  }

  private static void daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * What keyword extraction needs and nothing else: tokenizer (which splits sentences too), tagger and 3-class NER
   * without SUTime, numeric classifiers or fine-grained classes. No lemma annotator: the NER model uses words
   * only, and lemmas are needed just for verbs, adjectives and adverbs.
   */
  static Properties pipelineProperties() {
    Properties props = new Properties();
    props.setProperty("tokenize.language", "en");
    // Characters the tokenizer cannot place (U+FFFD where the input had bad bytes) are dropped, as by default, but
    // without a warning on stderr for the first of them in each pipeline.
    props.setProperty("tokenize.options", "untokenizable=noneDelete");
    props.setProperty("ner.model", NER_3_CLASS);
    props.setProperty("ner.applyNumericClassifiers", "false");
    props.setProperty("ner.useSUTime", "false");
    props.setProperty("ner.applyFineGrained", "false");
    // We group entity tokens ourselves; mention objects would only cost time.
    props.setProperty("ner.buildEntityMentions", "false");
    return props;
  }

  /** The keywords of {@code text}, in order of appearance; empty for blank text. */
  public List<String> extract(String text) {
    String clipped = clip(straightenQuotes(text));
    if (clipped.isBlank()) {
      return List.of();
    }
    Pipeline pipeline = pipelines.get();
    Annotation document = new Annotation(clipped);
    pipeline.annotators().annotate(document);
    Map<String, String> keywords = new LinkedHashMap<>();
    for (CoreMap sentence : document.get(SentencesAnnotation.class)) {
      List<CoreLabel> tokens = sentence.get(TokensAnnotation.class);
      lemmatize(tokens, pipeline.morphology());
      for (String keyword : sentenceKeywords(tokens)) {
        keywords.putIfAbsent(keyword.toLowerCase(Locale.ROOT), keyword);
      }
    }
    return List.copyOf(keywords.values());
  }

  /** Lemmas only where a rule reads them: verbs, adjectives and adverbs (the rest keep the word). */
  private static void lemmatize(List<CoreLabel> tokens, Morphology morphology) {
    for (CoreLabel token : tokens) {
      String tag = token.tag();
      boolean lemmatized = tag.startsWith("VB") || tag.startsWith("JJ") || tag.startsWith("RB");
      token.setLemma(lemmatized ? morphology.lemma(token.word(), tag) : token.word());
    }
  }

  /** One pass over a sentence: phrases (runs of nouns and entity words) first, then single words. */
  private List<String> sentenceKeywords(List<CoreLabel> tokens) {
    List<String> keywords = new ArrayList<>();
    int i = 0;
    while (i < tokens.size()) {
      int end = runEnd(tokens, i, this::isPhraseWord);
      if (end > i) {
        addPhrase(tokens.subList(i, end), keywords);
        i = end;
      } else {
        addWord(tokens.get(i), keywords);
        i++;
      }
    }
    return keywords;
  }

  /** Nouns and entity words chain into one phrase, so "Higgs boson" stays whole although only "Higgs" is a PERSON. */
  private boolean isPhraseWord(CoreLabel token) {
    return isEntity(token) || isNoun(token) && !isDropped(token);
  }

  private static int runEnd(List<CoreLabel> tokens, int start, Predicate<CoreLabel> member) {
    int end = start;
    while (end < tokens.size() && member.test(tokens.get(end))) {
      end++;
    }
    return end;
  }

  /**
   * A phrase of several words is one keyword when it fits. One too long is split where it changes between entity
   * and plain noun (or between entity types), and each part tried again; a single word follows the word rules.
   */
  private void addPhrase(List<CoreLabel> phrase, List<String> keywords) {
    if (phrase.size() == 1) {
      addWord(phrase.get(0), keywords);
      return;
    }
    String keyword = normalize(phrase.stream().map(CoreLabel::originalText).collect(Collectors.joining(" ")));
    if (isUsable(keyword)) {
      keywords.add(keyword);
      return;
    }
    int start = 0;
    for (int i = 1; i <= phrase.size(); i++) {
      if (i == phrase.size() || !Objects.equals(nerClass(phrase.get(i)), nerClass(phrase.get(start)))) {
        List<CoreLabel> part = phrase.subList(start, i);
        if (part.size() == phrase.size()) {
          part.forEach(token -> addWord(token, keywords));
        } else {
          addPhrase(part, keywords);
        }
        start = i;
      }
    }
  }

  private static String nerClass(CoreLabel token) {
    return isEntity(token) ? token.ner() : "O";
  }

  private void addWord(CoreLabel token, List<String> keywords) {
    if (isDropped(token)) {
      return;
    }
    String tag = token.tag();
    String form;
    if (isNoun(token)) {
      form = token.originalText();
    } else if (tag.startsWith("VB") || tag.startsWith("JJ") || tag.startsWith("RB")) {
      form = token.lemma();
    } else {
      return;
    }
    String keyword = normalize(form);
    if (isUsable(keyword) && !stopWords.contains(keyword)) {
      keywords.add(keyword);
    }
  }

  private boolean isDropped(CoreLabel token) {
    String tag = token.tag();
    boolean pronoun = tag.startsWith("PRP") || tag.startsWith("WP");
    return pronoun || stopWords.contains(token.originalText()) || stopWords.contains(token.lemma());
  }

  private static boolean isNoun(CoreLabel token) {
    return token.tag().startsWith("NN");
  }

  private static boolean isEntity(CoreLabel token) {
    return token.ner() != null && !"O".equals(token.ner());
  }

  private static boolean isUsable(String keyword) {
    return !keyword.isEmpty() && keyword.length() <= MAX_KEYWORD_LENGTH;
  }

  /** Spaces and punctuation inside a keyword become one dash each run; leading and trailing ones go; case is kept. */
  public static String normalize(String keyword) {
    StringBuilder out = new StringBuilder(keyword.length());
    boolean pendingDash = false;
    for (int i = 0; i < keyword.length(); ) {
      int c = keyword.codePointAt(i);
      i += Character.charCount(c);
      boolean wordChar = Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK
          || Character.getType(c) == Character.COMBINING_SPACING_MARK;
      if (!wordChar) {
        pendingDash = out.length() > 0;
        continue;
      }
      if (pendingDash) {
        out.append('-');
        pendingDash = false;
      }
      out.appendCodePoint(c);
    }
    return out.toString();
  }

  /** As the original does before tagging: curly quotes confuse the tokenizer's contractions. */
  private static String straightenQuotes(String text) {
    return text.replace('\u2018', '\'').replace('\u2019', '\'').replace('\u201c', '"').replace('\u201d', '"');
  }

  /** At most {@link #MAX_TEXT_CHARS} characters, cut at a space past half of them where there is one. */
  static String clip(String text) {
    if (text.length() <= MAX_TEXT_CHARS) {
      return text;
    }
    int cut = text.lastIndexOf(' ', MAX_TEXT_CHARS);
    if (cut <= MAX_TEXT_CHARS / 2) {
      // No space near the limit: cut there, but not between the two halves of an emoji.
      cut = Character.isHighSurrogate(text.charAt(MAX_TEXT_CHARS - 1)) ? MAX_TEXT_CHARS - 1 : MAX_TEXT_CHARS;
    }
    return text.substring(0, cut);
  }
}
