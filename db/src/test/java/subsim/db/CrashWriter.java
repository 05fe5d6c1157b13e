package subsim.db;

import java.nio.file.Path;

/**
 * A writer for {@link CrashTest}, run in its own JVM: records posts (each with a comment and a queued
 * publication) as fast as it can and prints each post id once its transaction has committed, until killed.
 */
public final class CrashWriter {

  private CrashWriter() {}

  public static void main(String[] args) {
    Database db = Database.open(Path.of(args[0]));
    long bot = db.bots().upsert("crash", "crash", "SubSimulatorTest", "crash_bot");
    for (int i = 0; ; i++) {
      long post = Fixtures.post(db, bot, args[1] + " " + i);
      db.comments().insert(post, null, bot, "comment " + i, "[synthetic]", Fixtures.generation(i));
      db.publications().queue(db.publications().findByItem(ItemKind.POST, post).orElseThrow().id());
      System.out.println(post);
      System.out.flush();
    }
  }
}
