package subsim.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of a writing process loses nothing it committed and leaves a sound file. */
class CrashTest {

  private static final int COMMITS_BEFORE_KILL = 100;

  @TempDir Path dir;

  @Test
  void killedWriterLosesNoCommittedRow() throws Exception {
    Path file = dir.resolve("crash.db");
    List<Long> committed = new ArrayList<>();
    // Twice: the second writer also recovers the file the first one left behind.
    committed.addAll(writeUntilKilled(file, "first"));
    committed.addAll(writeUntilKilled(file, "second"));

    try (Database db = Database.open(file)) {
      assertEquals(List.of("ok"), db.integrityCheck());
      for (long id : committed) {
        assertTrue(db.posts().findById(id).isPresent(), "committed post " + id + " is missing");
        assertEquals(PublishState.QUEUED,
            db.publications().findByItem(ItemKind.POST, id).orElseThrow().state(), "post " + id);
        assertEquals(1, db.comments().countByPost(id), "comment of post " + id);
      }
      long posts = db.tableCounts().get("posts");
      // At most one post per writer can have committed without its id reaching us.
      assertTrue(posts >= committed.size() && posts <= committed.size() + 2, posts + " posts");
    }
  }

  private List<Long> writeUntilKilled(Path file, String name) throws IOException, InterruptedException {
    Path printed = dir.resolve(name + ".out");
    Path errors = dir.resolve(name + ".err");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Output goes to a file rather than a pipe: what the writer printed before the kill is all still there.
    Process writer = new ProcessBuilder(java, "-Dai.djl.offline=true",
        "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), file.toString(), name)
        .redirectOutput(printed.toFile())
        .redirectError(errors.toFile())
        .start();
    try {
      while (committedIds(printed).size() < COMMITS_BEFORE_KILL) {
        if (!writer.isAlive()) {
          fail("writer exited with " + writer.exitValue() + ": " + Files.readString(errors));
        }
        Thread.sleep(20);
      }
    } finally {
      writer.destroyForcibly();
      assertTrue(writer.waitFor(1, TimeUnit.MINUTES));
    }
    return committedIds(printed);
  }

  /** The ids on complete lines; a line cut short by the kill does not count. */
  private static List<Long> committedIds(Path printed) throws IOException {
    String text = Files.readString(printed, StandardCharsets.UTF_8);
    String complete = text.substring(0, text.lastIndexOf('\n') + 1);
    return complete.lines().map(Long::parseLong).toList();
  }
}
