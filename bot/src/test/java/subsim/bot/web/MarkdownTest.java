package subsim.bot.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class MarkdownTest {

  @Test
  void rendersEmphasisAndParagraphsAsOldRedditDoes() {
    assertEquals("<p>A line\nthe same paragraph</p>\n<p><em>I am a bot: written by GPT-2. No human wrote it.</em></p>\n",
        Markdown.html("A line\nthe same paragraph\n\n*I am a bot: written by GPT-2. No human wrote it.*"));
    assertEquals("<p><strong>bold</strong> and <code>code</code></p>\n", Markdown.html("**bold** and `code`"));
  }

  @Test
  void escapesRawHtmlInGeneratedText() {
    assertEquals("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n", Markdown.html("<script>alert(1)</script>"));
    assertEquals("<p>x &lt;img src=x onerror=alert(1)&gt; y</p>\n", Markdown.html("x <img src=x onerror=alert(1)> y"));
    assertEquals("<p>&lt;b&gt; stays text</p>\n", Markdown.html("&lt;b&gt; stays text"), "entities decode to text, never to tags");
    assertEquals("<p>&lt;div onclick=&quot;alert(1)&quot;&gt;\nhi\n&lt;/div&gt;</p>\n",
        Markdown.html("<div onclick=\"alert(1)\">\nhi\n</div>"));
  }

  @Test
  void dropsScriptAndDataLinksAndMarksLinksNofollow() {
    for (String hostile : new String[] {"[click](javascript:alert(1))", "[click](JaVaScRiPt:alert(1))",
        "[click](data:text/html,<script>alert(1)</script>)", "[click](vbscript:msgbox(1))"}) {
      assertEquals("<p><a rel=\"nofollow\" href=\"\">click</a></p>\n", Markdown.html(hostile), hostile);
    }
    assertEquals("<p><a rel=\"nofollow\" href=\"\">javascript:alert(1)</a></p>\n", Markdown.html("<javascript:alert(1)>"));
    assertEquals("<p><a rel=\"nofollow\" href=\"https://example.org/a?b=1&amp;c=2\">ok</a></p>\n",
        Markdown.html("[ok](https://example.org/a?b=1&c=2)"));
  }

  @Test
  void showsImagesAsLinksSoNothingIsFetched() {
    String html = Markdown.html("![a cat](https://example.org/cat.png \"t\") ![x](javascript:alert(1))");
    assertFalse(html.contains("<img"), html);
    assertEquals("<p><a rel=\"nofollow\" href=\"https://example.org/cat.png\" title=\"t\">a cat</a> "
        + "<a rel=\"nofollow\" href=\"\">x</a></p>\n", html);
  }

  @Test
  void rendersNothingForAnEmptyOrMissingBody() {
    assertEquals("", Markdown.html(""));
    assertEquals("", Markdown.html(null));
  }
}
