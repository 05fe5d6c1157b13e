package subsim.bot.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import subsim.bot.config.BotConfig;
import subsim.keywords.Corpus;
import subsim.keywords.DecodedDocument;
import subsim.keywords.EncodeOptions;
import subsim.keywords.EncodeSummary;
import subsim.keywords.KeywordDistribution;
import subsim.keywords.KeywordExtractor;
import subsim.keywords.KeywordFormat;
import subsim.keywords.PostDocument;
import subsim.keywords.TrainingEncoder;
import subsim.keywords.reddit.ImportResult;
import subsim.keywords.reddit.RedditImporter;

/** The keywords module behind the service's seams: its format, its encoder, and keyword distributions. */
public final class KeywordParts implements DocumentFormat, CorpusEncoder {

  private static final Logger LOG = LoggerFactory.getLogger(KeywordParts.class);

  /** CoreNLP's models take seconds to load; one extractor (thread-safe) serves every bot's encoding in the process. */
  private static KeywordExtractor extractor;

  private final Path modelsDir;

  /** Keyword distributions are kept as {@code <modelsDir>/<bot>/keywords.tsv}, written when the data is encoded. */
  public KeywordParts(Path modelsDir) {
    this.modelsDir = modelsDir;
  }

  /** The service parts built on the keywords module. */
  public SubsimService.Parts parts() {
    return new SubsimService.Parts(this, this, this::sampled);
  }

  @Override
  public String postPrompt(String category, List<String> keywords) {
    return KeywordFormat.postPrompt(category, keywords);
  }

  @Override
  public String commentPrompt(String category, List<String> keywords, String postTitle, String postBody, List<String> parentChain) {
    return KeywordFormat.commentPrompt(category, keywords, postTitle, postBody, parentChain);
  }

  @Override
  public Decoded decodePost(String text) {
    return decode(text, DecodedDocument.Kind.POST);
  }

  @Override
  public Decoded decodeComment(String text) {
    return decode(text, DecodedDocument.Kind.COMMENT);
  }

  /** Generation stops at the end token or the token limit; either way the document ends there. */
  private static Decoded decode(String text, DecodedDocument.Kind wanted) {
    String line = text.contains(KeywordFormat.END) ? text : text + KeywordFormat.END;
    DecodedDocument document = KeywordFormat.decode(line);
    if (document.isMalformed()) {
      return Decoded.malformed(document.problem());
    }
    if (document.kind() != wanted) {
      return Decoded.malformed("asked for a " + wanted.name().toLowerCase(Locale.ROOT) + ", the model wrote a "
          + document.kind().name().toLowerCase(Locale.ROOT));
    }
    return new Decoded(document.title().strip(), document.body().strip(), document.comment().strip(), Optional.empty());
  }

  /**
   * Encodes the posts and comments of {@code subreddit} in {@code files} and counts those; records that cannot be
   * read are left out with a warning, and data with nothing of the subreddit (a typo in its name, another
   * subreddit's file) is refused, naming both settings, instead of training on an empty corpus.
   */
  @Override
  public Counts encode(List<Path> files, String subreddit, Path out) {
    ImportResult imported = new RedditImporter().read(files);
    if (!imported.problems().isEmpty()) {
      LOG.warn("r/{}: left out unreadable records of the training data ({}); the first: {}", subreddit,
          imported.problems().size(), imported.problems().get(0));
    }
    Corpus corpus = Corpus.of(imported, subreddit);
    long posts = corpus.documents().stream().filter(PostDocument.class::isInstance).count();
    long comments = corpus.documents().size() - posts;
    if (corpus.documents().isEmpty()) {
      throw new IllegalArgumentException("no post or comment of r/" + subreddit + " in " + files + " (posts: "
          + imported.posts().size() + ", comments: " + imported.comments().size() + ", none of r/" + subreddit
          + "): check the bot's source_subreddit and data.files");
    }
    TrainingEncoder encoder = new TrainingEncoder(extractor()::extract, EncodeOptions.defaults());
    try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      EncodeSummary summary = encoder.encode(corpus.documents(), writer, done -> { });
      Path distribution = modelsDir.resolve(out.getParent().getParent().getFileName()).resolve("keywords.tsv");
      summary.keywords().write(distribution);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
    return new Counts(posts, comments);
  }

  /** Loaded on the first encoding, not at start: a service whose models are all trained never needs CoreNLP. */
  private static synchronized KeywordExtractor extractor() {
    if (extractor == null) {
      extractor = KeywordExtractor.create();
    }
    return extractor;
  }

  /**
   * Keywords drawn from the subreddit's own distribution, read once training data has been encoded and again
   * whenever an encoding of new data rewrites it.
   */
  KeywordSource sampled(BotConfig bot) {
    Path file = modelsDir.resolve(bot.name()).resolve("keywords.tsv");
    return new KeywordSource() {
      private KeywordDistribution distribution;
      private FileTime read;

      @Override
      public synchronized List<String> pick(Random random) {
        try {
          FileTime modified = Files.getLastModifiedTime(file);
          if (!modified.equals(read)) {
            distribution = KeywordDistribution.read(file);
            read = modified;
          }
        } catch (IOException e) {
          throw new UncheckedIOException("no keyword distribution for " + bot.name() + " yet: " + file, e);
        }
        return distribution.sample(bot.keywords().count(), random);
      }
    };
  }
}
