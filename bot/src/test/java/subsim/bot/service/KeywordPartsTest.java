package subsim.bot.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import subsim.bot.service.DocumentFormat.Decoded;

/** The real keyword format behind the service's seam: prompts, and decoding a prompt plus what a model wrote. */
class KeywordPartsTest {

  private final KeywordParts format = new KeywordParts(Path.of("unused"));

  @Test
  void aPostPromptEndsWhereTheModelWritesTheTitle() {
    String prompt = format.postPrompt("Jokes", List.of("cat", "box"));

    assertEquals("<|startoftext|>~`jokes~^cat box~@", prompt);
  }

  @Test
  void aTitleAndBodyWrittenAfterThePostPromptDecodeIntoBoth() {
    String prompt = format.postPrompt("Jokes", List.of("cat"));

    Decoded decoded = format.decodePost(prompt + "Why do cats sit in boxes?~}Because they fit.~nEvery time.<|endoftext|>");

    assertEquals(new Decoded("Why do cats sit in boxes?", "Because they fit.\nEvery time.", "", Optional.empty()), decoded);
  }

  @Test
  void aGenerationCutOffByTheTokenLimitStillDecodes() {
    Decoded decoded = format.decodePost(format.postPrompt("Showerthoughts", List.of()) + "  Time is just a very slow ");

    assertEquals(Optional.empty(), decoded.malformed());
    assertEquals("Time is just a very slow", decoded.title());
    assertEquals("", decoded.body());
  }

  @Test
  void aReplyWrittenAfterTheCommentPromptDecodesIntoTheCommentAlone() {
    String prompt = format.commentPrompt("AskReddit", List.of("pizza"), "What food do you miss?",
        "From childhood.", List.of("Pizza from the school canteen.", "That was not pizza."));

    Decoded decoded = format.decodeComment(prompt + "It was to me.<|endoftext|>");

    assertTrue(prompt.endsWith("~>Pizza from the school canteen.~>That was not pizza.~$"), prompt);
    assertEquals(Optional.empty(), decoded.malformed());
    assertEquals("It was to me.", decoded.comment());
    assertEquals("What food do you miss?", decoded.title());
  }

  @Test
  void textThatLooksLikeMarkupIsEscapedInPromptsAndRestoredWhenDecoded() {
    String prompt = format.commentPrompt("AskReddit", List.of(), "A ~@ title", "", List.of("line one\nline <|two"));

    Decoded decoded = format.decodeComment(prompt + "ok");

    assertEquals("A ~@ title", decoded.title());
    assertEquals("ok", decoded.comment());
  }

  @Test
  void aModelThatStartsAnotherDocumentWroteSomethingMalformed() {
    String prompt = format.postPrompt("Jokes", List.of("cat"));

    Decoded decoded = format.decodePost(prompt + "A title<|startoftext|>~`jokes~^dog~@Another");

    assertTrue(decoded.malformed().isPresent(), decoded.toString());
    assertEquals("", decoded.title());
  }

  @Test
  void aModelThatRepeatsASectionWroteSomethingMalformed() {
    Decoded decoded = format.decodePost(format.postPrompt("Jokes", List.of()) + "A title~@A second title");

    assertTrue(decoded.malformed().isPresent(), decoded.toString());
  }

  @Test
  void aPostPromptContinuedAsACommentIsMalformed() {
    Decoded decoded = format.decodePost(format.postPrompt("Jokes", List.of()) + "A title~$a comment<|endoftext|>");

    assertEquals(Optional.of("asked for a post, the model wrote a comment"), decoded.malformed());
  }
}
