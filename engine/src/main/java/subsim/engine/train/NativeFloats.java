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

  /** Rows {@code ids} of a contiguous (V, C) matrix, gathered into one (N, C) array. */
  static float[] rows(NDArray matrix, long[] ids) {
    FloatBuffer from = of(matrix);
    int c = Math.toIntExact(matrix.getShape().get(1));
    float[] rows = new float[ids.length * c];
    for (int i = 0; i < ids.length; i++) {
      from.get(Math.toIntExact(ids[i] * c), rows, i * c, c);
    }
    return rows;
  }

  /** A lookup's backward: row {@code ids[i]} of a (V, C) matrix gains {@code scale} times row i of {@code rows}. */
  static void addRows(NDArray matrix, long[] ids, float[] rows, float scale) {
    FloatBuffer into = of(matrix);
    int c = rows.length / ids.length;
    for (int i = 0; i < ids.length; i++) {
      int at = Math.toIntExact(ids[i] * c);
      for (int j = 0; j < c; j++) {
        into.put(at + j, into.get(at + j) + scale * rows[i * c + j]);
      }
    }
  }
}
