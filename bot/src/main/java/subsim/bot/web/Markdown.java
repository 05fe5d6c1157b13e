package subsim.bot.web;

import java.util.ArrayList;
import java.util.List;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Post and comment bodies as HTML, rendered from Markdown as old Reddit shows them. Generated text never
 * becomes live markup: raw HTML in it is escaped, link addresses other than http, https and mailto are
 * emptied, and links carry {@code rel="nofollow"} (commonmark adds it whenever it sanitizes).
 */
final class Markdown {

  private static final Parser PARSER = Parser.builder().postProcessor(Markdown::imagesAsLinks).build();
  private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
      .escapeHtml(true)
      .sanitizeUrls(true)
      // The default list also lets data: through, which can carry a whole HTML page.
      .urlSanitizer(new DefaultUrlSanitizer(List.of("http", "https", "mailto")))
      .build();

  private Markdown() {}

  /** The HTML for {@code markdown}; safe to print unescaped. */
  static String html(String markdown) {
    return RENDERER.render(PARSER.parse(markdown == null ? "" : markdown));
  }

  /**
   * Old Reddit shows no inline images, and an image in generated text would make every reader's browser
   * fetch an address a model made up; each image becomes a link to it instead.
   */
  private static Node imagesAsLinks(Node document) {
    List<Image> images = new ArrayList<>();
    document.accept(new AbstractVisitor() {
      @Override
      public void visit(Image image) {
        images.add(image);
        visitChildren(image);
      }
    });
    for (Image image : images) {
      Link link = new Link(image.getDestination(), image.getTitle());
      for (Node child = image.getFirstChild(); child != null; child = image.getFirstChild()) {
        link.appendChild(child);
      }
      image.insertBefore(link);
      image.unlink();
    }
    return document;
  }
}
