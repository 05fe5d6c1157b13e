package subsim.bot.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One service per database: an OS lock on a file beside it, held for the service's life and released by the OS
 * however the process ends (kill -9 included). Two services on one database would settle each other's items as
 * crashed and train into the same model folders, deleting each other's checkpoints.
 */
final class ServiceLock implements AutoCloseable {

  private final FileChannel channel;

  private ServiceLock(FileChannel channel) {
    this.channel = channel;
  }

  /** Takes the lock of {@code database}, or fails naming the service (its process id) that holds it. */
  static ServiceLock acquire(Path database) {
    Path file = database.resolveSibling(database.getFileName() + ".lock");
    FileChannel channel = null;
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // a service in this very process holds it
      }
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
        channel.close();
        throw new IllegalStateException("another subsim service" + (holder.isEmpty() ? "" : " (process " + holder + ")")
            + " is running on the database " + database + ": stop it first, or give this one a database of its own");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
      return new ServiceLock(channel);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing with the first error
      }
    }
  }

  /** Releases the lock; the file stays, holding the last holder's id. */
  @Override
  public void close() throws IOException {
    channel.close();
  }
}
