package subsim.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The reference checkpoint copied from ../shared/fixtures/gpt2-tiny and its expected outputs. */
final class Fixtures {

  private Fixtures() {}

  static Path gpt2Tiny() {
    try {
      return Path.of(Fixtures.class.getResource("/fixtures/gpt2-tiny/config.json").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The same weights pickled the way torch.save writes them (see gpt2-tiny-torch/make_fixture.py). */
  static Path gpt2TinyTorch() {
    return gpt2Tiny().resolveSibling("gpt2-tiny-torch").resolve("pytorch_model.bin");
  }

  static JsonNode expected() throws IOException {
    return new ObjectMapper().readTree(gpt2Tiny().resolve("expected.json").toFile());
  }

  static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }
}
