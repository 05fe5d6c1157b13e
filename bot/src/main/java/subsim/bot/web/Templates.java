package subsim.bot.web;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The Pebble templates under {@code templates/}. Pebble escapes every expression for HTML by default, so
 * generated text is shown as text, never as markup; the one exception is the HTML {@link Markdown} renders
 * from bodies and labels, which escapes the text itself and is printed with {@code | raw}.
 */
final class Templates {

  private final PebbleEngine engine;

  Templates() {
    ClasspathLoader loader = new ClasspathLoader();
    loader.setPrefix("templates");
    loader.setSuffix(".peb");
    this.engine = new PebbleEngine.Builder().loader(loader).autoEscaping(true).strictVariables(true).build();
  }

  String render(String name, Map<String, Object> model) {
    StringWriter out = new StringWriter();
    try {
      engine.getTemplate(name).evaluate(out, model);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
