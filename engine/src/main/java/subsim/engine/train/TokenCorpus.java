package subsim.engine.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import subsim.engine.Tokenizer;

/**
 * Training text as documents of token ids. Each file is tokenised once and cached beside it in
 * {@code FILE.tokens}, keyed by a SHA-256 of its bytes, so a second run over the same data starts at once.
 */
final class TokenCorpus {

  static final String CACHE_SUFFIX = ".tokens";
  private static final int MAGIC = 0x5353_544B; // "SSTK"
  private static final int VERSION = 2; // 2: a leading byte-order mark is dropped, where 1 tokenised it
  private static final Pattern SEPARATOR = Pattern.compile(Pattern.quote(Tokenizer.END_OF_TEXT_STRING));

  private TokenCorpus() {}

  /** Every document of every file under {@code inputs}, in path order; folders are read recursively. */
  static List<int[]> documents(List<Path> inputs, Tokenizer tokenizer) {
    List<int[]> documents = new ArrayList<>();
    for (Path file : files(inputs)) {
      documents.addAll(fileDocuments(file, tokenizer));
    }
    return documents;
  }

  /** The documents joined into one stream, {@code <|endoftext|>} between them, as GPT-2 saw its training text. */
  static int[] join(List<int[]> documents) {
    int length = documents.stream().mapToInt(d -> d.length).sum() + Math.max(0, documents.size() - 1);
    int[] stream = new int[length];
    int at = 0;
    for (int i = 0; i < documents.size(); i++) {
      if (i > 0) {
        stream[at++] = Tokenizer.END_OF_TEXT;
      }
      System.arraycopy(documents.get(i), 0, stream, at, documents.get(i).length);
      at += documents.get(i).length;
    }
    return stream;
  }

  /** The regular files named or found under folders, sorted within each folder; caches and hidden files skipped. */
  static List<Path> files(List<Path> inputs) {
    List<Path> files = new ArrayList<>();
    for (Path input : inputs) {
      if (Files.isRegularFile(input)) {
        files.add(input);
      } else if (Files.isDirectory(input)) {
        try (Stream<Path> walk = Files.walk(input)) {
          List<Path> found = walk.filter(Files::isRegularFile).filter(TokenCorpus::isData).sorted().toList();
          if (found.isEmpty()) {
            throw new IllegalArgumentException(input + ": no text files in this folder");
          }
          files.addAll(found);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot list " + input + ": " + e.getMessage(), e);
        }
      } else {
        throw new IllegalArgumentException("data not found: " + input);
      }
    }
    return files;
  }

  private static boolean isData(Path file) {
    String name = file.getFileName().toString();
    return !name.startsWith(".") && !name.endsWith(CACHE_SUFFIX) && !name.endsWith(CACHE_SUFFIX + ".partial");
  }

  /** One file's documents, from the cache when its key matches, else tokenised now and cached. */
  static List<int[]> fileDocuments(Path file, Tokenizer tokenizer) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    byte[] key = sha256(bytes);
    Path cache = file.resolveSibling(file.getFileName() + CACHE_SUFFIX);
    List<int[]> cached = readCache(cache, key);
    if (cached != null) {
      return cached;
    }
    List<int[]> documents = new ArrayList<>();
    for (String document : SEPARATOR.split(text(file, bytes), -1)) {
      String trimmed = document.strip();
      if (!trimmed.isEmpty()) {
        documents.add(tokenizer.encode(trimmed));
      }
    }
    if (documents.isEmpty()) {
      throw new IllegalArgumentException(file + ": no text, only whitespace and <|endoftext|>");
    }
    writeCache(cache, key, documents);
    return documents;
  }

  /** The file as text, or a one-line reason why it is not training text. */
  private static String text(Path file, byte[] bytes) {
    if (bytes.length == 0) {
      throw new IllegalArgumentException(file + ": empty file");
    }
    for (int i = 0; i < Math.min(bytes.length, 1 << 16); i++) {
      if (bytes[i] == 0) {
        throw new IllegalArgumentException(file + ": not a text file (NUL byte at offset " + i + ")");
      }
    }
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      // Windows editors start UTF-8 files with a byte-order mark; strip() keeps it, as it is not whitespace.
      return chars.length() > 0 && chars.charAt(0) == '\uFEFF' ? chars.subSequence(1, chars.length()).toString()
          : chars.toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(file + ": not a text file (not valid UTF-8)");
    }
  }

  private static List<int[]> readCache(Path cache, byte[] key) {
    if (!Files.isRegularFile(cache)) {
      return null;
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(cache)).order(ByteOrder.LITTLE_ENDIAN);
      byte[] found = new byte[key.length];
      if (in.remaining() < 12 + key.length || in.getInt() != MAGIC || in.getInt() != VERSION) {
        return null;
      }
      in.get(found);
      if (!Arrays.equals(found, key)) {
        return null;
      }
      int count = in.getInt();
      int[] lengths = new int[count];
      for (int i = 0; i < count; i++) {
        lengths[i] = in.getInt();
      }
      List<int[]> documents = new ArrayList<>(count);
      for (int length : lengths) {
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
          ids[i] = Short.toUnsignedInt(in.getShort()); // GPT-2's 50257 ids fit in 16 bits, as encode.py's uint16
        }
        documents.add(ids);
      }
      return documents;
    } catch (IOException | RuntimeException e) {
      return null; // an unreadable or truncated cache is rebuilt from the text
    }
  }

  /** Best effort: a read-only data folder just means tokenising again next time. */
  private static void writeCache(Path cache, byte[] key, List<int[]> documents) {
    long tokens = documents.stream().mapToLong(d -> d.length).sum();
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(12 + key.length + 4L * documents.size() + 2 * tokens))
        .order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(MAGIC).putInt(VERSION).put(key).putInt(documents.size());
    documents.forEach(d -> out.putInt(d.length));
    documents.forEach(d -> Arrays.stream(d).forEach(id -> out.putShort((short) id)));
    Path partial = cache.resolveSibling(cache.getFileName() + ".partial");
    try {
      Files.write(partial, out.array());
      Files.move(partial, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException stillUnwritable) {
        // nothing was written to remove; the next run tokenises again
      }
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
