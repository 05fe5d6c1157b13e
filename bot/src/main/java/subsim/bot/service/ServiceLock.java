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
 * One service per database and per models folder: an OS lock on a file, held for the service's life and released by
 * the OS however the process ends (kill -9 included). Two services on one database would settle each other's items as
 * crashed; two on one models folder (even with databases of their own) train into the same folders and delete each
 * other's checkpoints.
 */
final class ServiceLock implements AutoCloseable {

  private final FileChannel channel;

  private ServiceLock(FileChannel channel) {
    this.channel = channel;
  }

  /** Takes the lock of {@code database} ({@code <database>.lock}), or fails naming the service that holds it. */
  static ServiceLock onDatabase(Path database) {
    return acquire(database.resolveSibling(database.getFileName() + ".lock"), "the database " + database);
  }

  /** Takes the lock of {@code modelsDir} ({@code .lock} inside it), or fails naming the service that holds it. */
  static ServiceLock onModels(Path modelsDir) {
    return acquire(modelsDir.resolve(".lock"), "the models folder " + modelsDir);
  }

  /** Locks {@code file}, or fails naming the holder's process id and {@code what} it guards. */
  private static ServiceLock acquire(Path file, String what) {
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
            + " is using " + what + ": stop it first, or give this one its own");
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
