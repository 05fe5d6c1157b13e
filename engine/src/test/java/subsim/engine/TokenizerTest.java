package subsim.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TokenizerTest {

  private final Tokenizer tokenizer = Tokenizer.gpt2();

  @Test
  void givesGpt2Ids() {
    assertArrayEquals(new int[] {15496, 995}, tokenizer.encode("Hello world"));
    // From OpenAI's encoder.json: " the" is 262, "," is 11, "." is 13.
    assertArrayEquals(new int[] {464, 2068, 7586, 21831, 18045, 625, 262, 16931, 3290, 13},
        tokenizer.encode("The quick brown fox jumps over the lazy dog."));
    assertEquals(50257, tokenizer.vocabSize());
  }

  @Test
  void mapsEndOfTextToItsSpecialId() {
    assertArrayEquals(new int[] {15496, 50256, 995}, tokenizer.encode("Hello<|endoftext|> world"));
    assertEquals("a<|endoftext|>b", tokenizer.decode(tokenizer.encode("a<|endoftext|>b")));
  }

  @Test
  void roundTripsAnyUnicode() {
    String text = "Emoji 😀👍🏽, 中文字符, ελληνικά, العربية\n\ttabs  and\r\nnewlines \u0000 \uFFFD end";
    assertEquals(text, tokenizer.decode(tokenizer.encode(text)));
  }

  @Test
  void rejectsIdsOutsideTheVocabulary() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tokenizer.decode(new int[] {50257}));
    assertEquals("token id 50257 is outside GPT-2's vocabulary [0, 50257)", e.getMessage());
  }
}
