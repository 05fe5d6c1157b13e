package subsim.engine.train;

import ai.djl.ndarray.NDArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/** A contiguous CPU array's own memory as floats, for the fused passes that Java does better than a chain of ops. */
final class NativeFloats {

  private NativeFloats() {}

  /** The array's memory, read and written in place (not a copy). */
  static FloatBuffer of(NDArray array) {
    ByteBuffer bytes = array.toByteBuffer(true);
    if (!bytes.isDirect()) {
      throw new IllegalStateException("expected a contiguous CPU tensor, got " + array.getShape());
    }
    return bytes.order(ByteOrder.nativeOrder()).asFloatBuffer();
  }
}
