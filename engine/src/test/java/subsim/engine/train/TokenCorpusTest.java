package subsim.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import subsim.engine.Tokenizer;

class TokenCorpusTest {

  private static final Tokenizer TOKENIZER = Tokenizer.gpt2();

  @TempDir Path dir;

  @Test
  void splitsDocumentsAtEndOfTextAndJoinsThemWithId50256() throws Exception {
    Path file = Files.writeString(dir.resolve("a.txt"), "Hello world\n<|endoftext|>\nSecond one\n<|endoftext|>\n\n");
    List<int[]> documents = TokenCorpus.documents(List.of(file), TOKENIZER);
    assertEquals(2, documents.size());
    assertArrayEquals(TOKENIZER.encode("Hello world"), documents.get(0));
    int[] joined = TokenCorpus.join(documents);
    assertEquals(documents.get(0).length + 1 + documents.get(1).length, joined.length);
    assertEquals(Tokenizer.END_OF_TEXT, joined[documents.get(0).length]);
  }

  @Test
  void cachesTokensBesideTheFileAndUsesThemNextTime() throws Exception {
    Path file = Files.writeString(dir.resolve("a.txt"), "one two three<|endoftext|>four five");
    List<int[]> first = TokenCorpus.documents(List.of(file), TOKENIZER);
    Path cache = dir.resolve("a.txt.tokens");
    assertTrue(Files.isRegularFile(cache));
    // A cache with the right key is believed: tamper with its ids and the tampered ids come back.
    byte[] bytes = Files.readAllBytes(cache);
    bytes[bytes.length - 2] = 7;
    bytes[bytes.length - 1] = 0;
    Files.write(cache, bytes);
    FileTime written = Files.getLastModifiedTime(cache);
    List<int[]> second = TokenCorpus.documents(List.of(file), TOKENIZER);
    assertEquals(7, second.get(1)[second.get(1).length - 1]);
    assertArrayEquals(first.get(0), second.get(0));
    assertEquals(written, Files.getLastModifiedTime(cache));
  }

  @Test
  void aLeadingByteOrderMarkIsNotText() throws Exception {
    Path plain = Files.writeString(dir.resolve("plain.txt"), "Hello world<|endoftext|>Second one");
    Path marked = Files.writeString(dir.resolve("marked.txt"), "\uFEFFHello world<|endoftext|>Second one");
    List<int[]> expected = TokenCorpus.documents(List.of(plain), TOKENIZER);
    List<int[]> actual = TokenCorpus.documents(List.of(marked), TOKENIZER);
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i));
    }
  }

  @Test
  void changedTextInvalidatesTheCache() throws Exception {
    Path file = Files.writeString(dir.resolve("a.txt"), "one two three");
    TokenCorpus.documents(List.of(file), TOKENIZER);
    Files.writeString(file, "something else entirely");
    assertArrayEquals(TOKENIZER.encode("something else entirely"),
        TokenCorpus.documents(List.of(file), TOKENIZER).get(0));
  }

  @Test
  void readsFoldersRecursivelyInPathOrderSkippingCaches() throws Exception {
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/b.txt"), "bee");
    Files.writeString(dir.resolve("a.txt"), "ay");
    TokenCorpus.documents(List.of(dir), TOKENIZER); // writes the .tokens caches
    List<int[]> documents = TokenCorpus.documents(List.of(dir), TOKENIZER);
    assertEquals(2, documents.size());
    assertArrayEquals(TOKENIZER.encode("ay"), documents.get(0));
    assertArrayEquals(TOKENIZER.encode("bee"), documents.get(1));
  }

  @Test
  void rejectsAnEmptyFileByName() throws Exception {
    Path file = Files.writeString(dir.resolve("empty.txt"), "");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TokenCorpus.documents(List.of(file), TOKENIZER));
    assertEquals(file + ": empty file", e.getMessage());
  }

  @Test
  void rejectsABinaryFileByName() throws Exception {
    Path file = Files.write(dir.resolve("model.bin"), new byte[] {'G', 'P', 'T', 0, 1, 2});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TokenCorpus.documents(List.of(file), TOKENIZER));
    assertEquals(file + ": not a text file (NUL byte at offset 3)", e.getMessage());
  }

  @Test
  void rejectsInvalidUtf8ByName() throws Exception {
    Path file = Files.write(dir.resolve("latin1.txt"), "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TokenCorpus.documents(List.of(file), TOKENIZER));
    assertEquals(file + ": not a text file (not valid UTF-8)", e.getMessage());
  }

  @Test
  void rejectsMissingData() {
    Path missing = dir.resolve("nope.txt");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TokenCorpus.documents(List.of(missing), TOKENIZER));
    assertEquals("data not found: " + missing, e.getMessage());
  }

  @Test
  void rejectsDataShorterThanOneBlock() throws Exception {
    Path file = Files.writeString(dir.resolve("short.txt"), "just a few words");
    TrainOptions options = TrainingFixtures.options(file, dir.resolve("out"), TrainingFixtures.SMALL, 1, 1, 32);
    TrainingData data = TrainingData.read(options, options.seed(), TOKENIZER);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> data.requireBlock(32, options.data()));
    assertTrue(e.getMessage().startsWith(file + ": only 4 training tokens, fewer than one block of 32"),
        e.getMessage());
  }

  @Test
  void holdsBackWholeDocumentsForValidation() throws Exception {
    Path file = TrainingFixtures.jokes(dir);
    TrainOptions base = TrainingFixtures.options(file, dir.resolve("out"), TrainingFixtures.SMALL, 1, 1, 32);
    TrainOptions options = new TrainOptions(base.data(), base.out(), null, base.config(), 1, 0, 1, 1, 32, 1e-3, 0,
        TrainOptions.Schedule.CONSTANT, 0, 1, null, 0.1, 10, 0, 0, "", 8, 1, false, 3, false);
    TrainingData data = TrainingData.read(options, options.seed(), TOKENIZER);
    int all = TokenCorpus.join(TokenCorpus.documents(List.of(file), TOKENIZER)).length;
    // 80 of 800 documents move, so the separators drop by one: train + validation = all - 1.
    assertEquals(all - 1, data.train().length + data.validation().length);
    assertTrue(data.validation().length > all / 20 && data.validation().length < all / 5);
    assertArrayEquals(data.validation(), TrainingData.read(options, options.seed(), TOKENIZER).validation(), "fixed by the seed");
  }
}
