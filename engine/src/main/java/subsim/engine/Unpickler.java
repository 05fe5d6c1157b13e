package subsim.engine;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of Python's pickle machine (protocols 2 to 4) that {@code torch.save} files use: it builds Java values
 * and never runs code. Dicts become {@link LinkedHashMap}s, lists {@link ArrayList}s, tuples unmodifiable lists,
 * ints {@link Long} (or {@link BigInteger}), None {@code null}; a global and its call go to a {@link Resolver}.
 */
final class Unpickler {

  /** A {@code module.name} reference from a GLOBAL opcode, before anything is called with it. */
  record Global(String module, String name) {
    @Override
    public String toString() {
      return module + "." + name;
    }
  }

  /** What the caller allows a pickle to build: calls of known globals and persistent ids (torch's storages). */
  interface Resolver {
    Object call(Global callable, List<Object> args) throws IOException;

    Object persistentLoad(Object id) throws IOException;
  }

  private static final Object MARK = new Object();

  private final ByteBuffer in;
  private final Resolver resolver;
  private final List<Object> stack = new ArrayList<>();
  private final List<Integer> marks = new ArrayList<>();
  private final Map<Integer, Object> memo = new HashMap<>();
  private int opcodeStart;

  private Unpickler(byte[] pickle, Resolver resolver) {
    this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
    this.resolver = resolver;
  }

  /** The object a pickle holds; an opcode outside the subset is an {@link IOException} naming it and its offset. */
  static Object load(byte[] pickle, Resolver resolver) throws IOException {
    Unpickler machine = new Unpickler(pickle, resolver);
    try {
      return machine.run();
    } catch (BufferUnderflowException e) {
      throw new IOException("pickle ends in the middle of an opcode");
    } catch (ClassCastException | IndexOutOfBoundsException | NegativeArraySizeException e) {
      // An operand of the wrong kind or size: a damaged file, reported like any other bad opcode.
      throw new IOException("byte " + machine.opcodeStart + ": malformed pickle (" + e.getClass().getSimpleName()
          + ")");
    }
  }

  private Object run() throws IOException {
    while (true) {
      int at = in.position();
      opcodeStart = at;
      int op = in.get() & 0xff;
      switch (op) {
        case 0x80 -> in.get(); // PROTO
        case 0x95 -> in.getLong(); // FRAME: a length hint only
        case '.' -> {
          return pop();
        }
        case '(' -> {
          marks.add(stack.size());
          stack.add(MARK);
        }
        case 'N' -> stack.add(null);
        case 0x88 -> stack.add(Boolean.TRUE);
        case 0x89 -> stack.add(Boolean.FALSE);
        case 'K' -> stack.add((long) (in.get() & 0xff));
        case 'M' -> stack.add((long) (in.getShort() & 0xffff));
        case 'J' -> stack.add((long) in.getInt());
        case 0x8a -> stack.add(long1(in.get() & 0xff));
        case 'G' -> stack.add(Double.longBitsToDouble(Long.reverseBytes(in.getLong()))); // big-endian
        case 'X' -> stack.add(utf8(in.getInt()));
        case 0x8c -> stack.add(utf8(in.get() & 0xff));
        case 'c' -> stack.add(new Global(line(), line()));
        case 0x93 -> { // STACK_GLOBAL
          String name = (String) pop();
          stack.add(new Global((String) pop(), name));
        }
        case '}' -> stack.add(new LinkedHashMap<>());
        case ']' -> stack.add(new ArrayList<>());
        case ')' -> stack.add(List.of());
        case 't' -> stack.add(tuple(popMark()));
        case 0x85 -> stack.add(tuple(popN(1)));
        case 0x86 -> stack.add(tuple(popN(2)));
        case 0x87 -> stack.add(tuple(popN(3)));
        case 'a' -> {
          Object item = pop();
          list(peek(), at).add(item);
        }
        case 'e' -> {
          List<Object> items = popMark();
          list(peek(), at).addAll(items);
        }
        case 's' -> {
          Object value = pop();
          Object key = pop();
          dict(peek(), at).put(key, value);
        }
        case 'u' -> {
          List<Object> items = popMark();
          if (items.size() % 2 != 0) {
            throw new IOException("byte " + at + ": SETITEMS with a key and no value");
          }
          Map<Object, Object> dict = dict(peek(), at);
          for (int i = 0; i < items.size(); i += 2) {
            dict.put(items.get(i), items.get(i + 1));
          }
        }
        case 'q' -> memo.put(in.get() & 0xff, peek());
        case 'r' -> memo.put(in.getInt(), peek());
        case 0x94 -> memo.put(memo.size(), peek()); // MEMOIZE
        case 'h' -> stack.add(memoized(in.get() & 0xff, at));
        case 'j' -> stack.add(memoized(in.getInt(), at));
        case 'Q' -> stack.add(resolver.persistentLoad(pop()));
        case 'R', 0x81 -> { // REDUCE, NEWOBJ: callable (or class) and its argument tuple
          Object args = pop();
          Object callable = pop();
          if (!(callable instanceof Global global) || !(args instanceof List<?> list)) {
            throw new IOException("byte " + at + ": call of " + callable + " that is not a global");
          }
          stack.add(resolver.call(global, new ArrayList<>(list)));
        }
        case 'b' -> pop(); // BUILD: object state (an OrderedDict's _metadata); the object is complete without it
        default -> throw new IOException("byte " + at + ": unsupported pickle opcode 0x" + Integer.toHexString(op));
      }
    }
  }

  private Object long1(int length) {
    byte[] bytes = new byte[length];
    in.get(bytes);
    byte[] bigEndian = new byte[length];
    for (int i = 0; i < length; i++) {
      bigEndian[i] = bytes[length - 1 - i];
    }
    BigInteger value = length == 0 ? BigInteger.ZERO : new BigInteger(bigEndian);
    return value.bitLength() < 64 ? (Object) value.longValue() : value;
  }

  private String utf8(int length) {
    byte[] bytes = new byte[length];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** A GLOBAL operand: text up to a newline. */
  private String line() throws IOException {
    byte[] bytes = in.array();
    int start = in.position();
    int end = start;
    while (end < in.limit() && bytes[end] != '\n') {
      end++;
    }
    if (end == in.limit()) {
      throw new IOException("pickle ends inside a GLOBAL name");
    }
    in.position(end + 1);
    return new String(bytes, start, end - start, StandardCharsets.UTF_8);
  }

  private Object memoized(int key, int at) throws IOException {
    if (!memo.containsKey(key)) {
      throw new IOException("byte " + at + ": memo key " + key + " was never stored");
    }
    return memo.get(key);
  }

  private static List<Object> tuple(List<Object> items) {
    return Collections.unmodifiableList(items);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object target, int at) throws IOException {
    if (target instanceof ArrayList<?> list) {
      return (List<Object>) list;
    }
    throw new IOException("byte " + at + ": append to a " + typeName(target) + ", not a list");
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> dict(Object target, int at) throws IOException {
    if (target instanceof Map<?, ?> map) {
      return (Map<Object, Object>) map;
    }
    throw new IOException("byte " + at + ": item set on a " + typeName(target) + ", not a dict");
  }

  private static String typeName(Object value) {
    return value == null ? "None" : value.getClass().getSimpleName();
  }

  private Object peek() throws IOException {
    if (stack.isEmpty()) {
      throw new IOException("pickle stack underflow at byte " + in.position());
    }
    return stack.get(stack.size() - 1);
  }

  private Object pop() throws IOException {
    Object top = peek();
    stack.remove(stack.size() - 1);
    if (top == MARK) {
      throw new IOException("pickle pops a mark as a value at byte " + in.position());
    }
    return top;
  }

  private List<Object> popN(int n) throws IOException {
    Object[] items = new Object[n];
    for (int i = n - 1; i >= 0; i--) {
      items[i] = pop();
    }
    return Arrays.asList(items);
  }

  private List<Object> popMark() throws IOException {
    if (marks.isEmpty()) {
      throw new IOException("pickle closes a mark it never opened at byte " + in.position());
    }
    int mark = marks.remove(marks.size() - 1);
    List<Object> items = new ArrayList<>(stack.subList(mark + 1, stack.size()));
    stack.subList(mark, stack.size()).clear();
    return items;
  }
}
