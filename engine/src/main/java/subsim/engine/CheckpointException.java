package subsim.engine;

/** A checkpoint that cannot be read or written; the message names the file and, where one is at fault, the tensor. */
public final class CheckpointException extends RuntimeException {

  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
