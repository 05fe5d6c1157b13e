package subsim.bot.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import subsim.keywords.CommentDocument;
import subsim.keywords.Corpus;
import subsim.keywords.EncodeOptions;
import subsim.keywords.EncodeSummary;
import subsim.keywords.KeywordExtractor;
import subsim.keywords.TrainingEncoder;
import subsim.keywords.reddit.ImportProblem;
import subsim.keywords.reddit.ImportResult;
import subsim.keywords.reddit.RedditImporter;

/** {@code subsim encode}: Reddit data to keyword-conditioned training text (keywords/FORMAT.md), with a summary. */
@Command(name = "encode", mixinStandardHelpOptions = true,
    description = "Encode posts and comment threads (.jsonl, .csv, Reddit API .json) as keyword-conditioned "
        + "training text, one document per line; prints documents/s.")
public final class EncodeCommand implements Callable<Integer> {

  private static final int PROBLEMS_SHOWN = 20;

  @Spec private CommandSpec spec;

  @Option(names = "--in", required = true, arity = "1..*", paramLabel = "FILE", description = "Input files.")
  private List<Path> inputs;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Training text to write.")
  private Path output;

  @Option(names = "--subreddit", paramLabel = "NAME",
      description = "Only this subreddit's documents; records that name none are taken as NAME's.")
  private String subreddit;

  @Option(names = "--repeat", defaultValue = "3", paramLabel = "N", description = "Lines per document (default: ${DEFAULT-VALUE}).")
  private int repeat;

  @Option(names = "--max-keywords", defaultValue = "3", paramLabel = "N",
      description = "Most keywords per line; each line takes 0..N (default: ${DEFAULT-VALUE}).")
  private int maxKeywords;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
  private Integer threads;

  @Option(names = "--keywords-out", paramLabel = "FILE",
      description = "Also write the keyword distribution (keyword<TAB>count), for sampling keywords later.")
  private Path keywordsOut;

  @Override
  public Integer call() throws IOException {
    EncodeOptions options = EncodeOptions.defaults().withRepeat(repeat).withMaxKeywords(maxKeywords).withSeed(seed)
        .withThreads(threads == null ? Runtime.getRuntime().availableProcessors() : threads);
    // Checked before CoreNLP loads and every document is encoded, not after.
    requireWritable("--out", output);
    if (keywordsOut != null) {
      requireWritable("--keywords-out", keywordsOut);
      if (keywordsOut.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
        throw new IllegalArgumentException("--keywords-out " + keywordsOut + " is the --out file too");
      }
    }
    // Loading CoreNLP's models takes seconds; it overlaps reading the input.
    long loadStart = System.nanoTime();
    CompletableFuture<KeywordExtractor> extractor = CompletableFuture.supplyAsync(KeywordExtractor::create, task -> {
      Thread thread = new Thread(task, "load-corenlp");
      thread.setDaemon(true);
      thread.start();
    });
    ImportResult imported = new RedditImporter().read(inputs);
    // People write r/Jokes; the data says Jokes.
    Corpus corpus = Corpus.of(imported, subreddit == null ? null : subreddit.replaceFirst("^/?r/", ""));
    PrintWriter err = spec.commandLine().getErr();
    reportProblems(imported.problems(), err);
    if (corpus.documents().isEmpty()) {
      throw new IllegalArgumentException("no documents to encode in " + inputs
          + (subreddit == null ? "" : " for subreddit " + subreddit));
    }
    KeywordExtractor keywords = extractor.join();
    double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
    EncodeSummary summary = encode(corpus, keywords, options);
    if (keywordsOut != null) {
      summary.keywords().write(keywordsOut);
    }
    printSummary(imported, corpus, summary, options.threads(), loadSeconds);
    return 0;
  }

  /** A file this command may write: not one of its inputs, in a folder it can write to. */
  private void requireWritable(String option, Path file) throws IOException {
    for (Path in : inputs) {
      if (Files.exists(in) && Files.exists(file) && Files.isSameFile(in, file)) {
        throw new IllegalArgumentException(option + " " + file + " is also an --in file: encoding would overwrite it");
      }
    }
    Path folder = file.toAbsolutePath().getParent();
    if (folder == null || !Files.isDirectory(folder) || !Files.isWritable(folder) || Files.isDirectory(file)) {
      throw new IllegalArgumentException(option + " " + file + ": cannot write a file there");
    }
  }

  /**
   * Writes beside the output and moves it into place at the end, so a failed or interrupted run leaves no
   * half-written file: a failure deletes it, and so does Ctrl-C (a shutdown hook, as the JVM ends mid-write).
   */
  private EncodeSummary encode(Corpus corpus, KeywordExtractor keywords, EncodeOptions options) throws IOException {
    Path partial = output.resolveSibling(output.getFileName() + ".partial");
    Thread removePartial = new Thread(() -> deleteQuietly(partial), "encode-remove-partial");
    Runtime.getRuntime().addShutdownHook(removePartial);
    try {
      EncodeSummary summary;
      try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
          ProgressBar bar = StderrProgress.bar("encode").setInitialMax(corpus.documents().size())
              .setUnit(" docs", 1).showSpeed().build()) {
        summary = new TrainingEncoder(keywords::extract, options).encode(corpus.documents(), out, bar::stepTo);
      }
      Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return summary;
    } catch (IOException | RuntimeException | Error e) {
      deleteQuietly(partial);
      throw e;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(removePartial);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or has run: the partial file is gone.
      }
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      System.err.println("subsim: cannot remove " + file + ": " + e.getMessage());
    }
  }

  private static void reportProblems(List<ImportProblem> problems, PrintWriter err) {
    problems.stream().limit(PROBLEMS_SHOWN).forEach(problem -> err.println("bad record: " + problem));
    if (problems.size() > PROBLEMS_SHOWN) {
      err.println("... and " + (problems.size() - PROBLEMS_SHOWN) + " more bad records");
    }
    err.flush();
  }

  private void printSummary(ImportResult imported, Corpus corpus, EncodeSummary summary, int workers,
      double loadSeconds) {
    long comments = corpus.documents().stream().filter(d -> d instanceof CommentDocument).count();
    Map<String, Integer> skipped = new TreeMap<>(imported.skipped());
    corpus.skipped().forEach((reason, count) -> skipped.merge(reason, count, Integer::sum));
    if (!imported.problems().isEmpty()) {
      skipped.put("bad record (listed above)", imported.problems().size());
    }
    double sinceStart = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "documents: %d (%d posts, %d comments) from %d file(s)%n", summary.documents(),
        summary.documents() - comments, comments, inputs.size());
    out.printf(Locale.ROOT, "lines written: %d to %s%n", summary.lines(), output);
    out.printf(Locale.ROOT, "skipped: %d%s%n", skipped.values().stream().mapToInt(Integer::intValue).sum(),
        skipped.isEmpty() ? "" : " (" + skipped.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", ")) + ")");
    out.printf(Locale.ROOT, "keywords: %d distinct, most frequent: %s%n", summary.keywords().size(),
        summary.keywords().top(8).stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
    out.printf(Locale.ROOT, "speed: %.0f documents/s on %d thread%s (encoding %.1f s; CoreNLP loaded in %.1f s, "
            + "overlapping the import; %.1f s since JVM start)%n", summary.documentsPerSecond(),
        workers, workers == 1 ? "" : "s", summary.seconds(), loadSeconds, sinceStart);
    out.flush();
  }
}
