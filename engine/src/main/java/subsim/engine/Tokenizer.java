package subsim.engine;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** GPT-2's byte-level BPE with GPT-2's exact ids; {@code <|endoftext|>} in text becomes id 50256. */
public final class Tokenizer {

  /** The id of {@code <|endoftext|>}, GPT-2's only special token. */
  public static final int END_OF_TEXT = 50256;

  /** The literal text of {@link #END_OF_TEXT}. */
  public static final String END_OF_TEXT_STRING = "<|endoftext|>";

  private static final int VOCAB_SIZE = 50257;
  private static final Tokenizer GPT2 =
      new Tokenizer(Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE));

  private final Encoding encoding;

  private Tokenizer(Encoding encoding) {
    this.encoding = encoding;
  }

  /** The GPT-2 tokenizer (jtokkit's r50k_base has GPT-2's merges and ids). Immutable and thread-safe. */
  public static Tokenizer gpt2() {
    return GPT2;
  }

  public int vocabSize() {
    return VOCAB_SIZE;
  }

  /** Encodes text; every literal {@code <|endoftext|>} becomes {@link #END_OF_TEXT}, as Hugging Face's tokenizer does. */
  public int[] encode(String text) {
    IntArrayList ids = new IntArrayList();
    int from = 0;
    while (true) {
      int at = text.indexOf(END_OF_TEXT_STRING, from);
      String piece = at < 0 ? text.substring(from) : text.substring(from, at);
      if (!piece.isEmpty()) {
        IntArrayList pieceIds = encoding.encodeOrdinary(piece);
        for (int i = 0; i < pieceIds.size(); i++) {
          ids.add(pieceIds.get(i));
        }
      }
      if (at < 0) {
        return ids.toArray();
      }
      ids.add(END_OF_TEXT);
      from = at + END_OF_TEXT_STRING.length();
    }
  }

  /** Decodes ids to text; bytes that are not valid UTF-8 on their own (a split character) become U+FFFD. */
  public String decode(int[] ids) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(ids.length * 4);
    IntArrayList run = new IntArrayList(ids.length);
    for (int id : ids) {
      if (id < 0 || id >= VOCAB_SIZE) {
        throw new IllegalArgumentException("token id " + id + " is outside GPT-2's vocabulary [0, " + VOCAB_SIZE + ")");
      }
      if (id == END_OF_TEXT) {
        flush(run, bytes);
        bytes.writeBytes(END_OF_TEXT_STRING.getBytes(StandardCharsets.UTF_8));
      } else {
        run.add(id);
      }
    }
    flush(run, bytes);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private void flush(IntArrayList run, ByteArrayOutputStream bytes) {
    if (!run.isEmpty()) {
      bytes.writeBytes(encoding.decodeBytes(run));
      run.clear();
    }
  }
}
