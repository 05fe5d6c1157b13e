package subsim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnpicklerTest {

  /** Builds OrderedDicts and nothing else, as a state-dict reader would. */
  private static final Unpickler.Resolver ORDERED_DICTS = new Unpickler.Resolver() {
    @Override
    public Object call(Unpickler.Global callable, List<Object> args) throws IOException {
      if (callable.toString().equals("collections.OrderedDict")) {
        return new LinkedHashMap<>();
      }
      throw new IOException("refused " + callable);
    }

    @Override
    public Object persistentLoad(Object id) {
      return "storage " + id;
    }
  };

  /**
   * Written by CPython 3's pickle.dumps(value, protocol=4) for value = {'a': [1, -2, 300, 70000, -70000, 2**70, 1.5,
   * True, False, None, 'é✓'], ('t', 1): (1, 2, 3, 4), 'o': OrderedDict([('x', 1)]), 'shared': [l, l]} with
   * l = [7, 8]: FRAME, MEMOIZE, STACK_GLOBAL, LONG1 and BINFLOAT among its opcodes.
   */
  private static final String PROTOCOL_4 = "80049596000000000000007d94288c0161945d94284b014afeffffff4d2c014a70110100"
      + "4a90eefeff8a09000000000000000040473ff800000000000088894e8c05c3a9e29c9394658c0174944b018694284b014b024b034b"
      + "0474948c016f948c0b636f6c6c656374696f6e73948c0b4f726465726564446963749493942952948c0178944b01738c06736861"
      + "726564945d94285d94284b074b0865680f65752e";

  @Test
  void readsWhatCPythonWrites() throws IOException {
    Map<?, ?> value = (Map<?, ?>) Unpickler.load(bytes(PROTOCOL_4), ORDERED_DICTS);
    assertEquals(Arrays.asList(1L, -2L, 300L, 70000L, -70000L, BigInteger.TWO.pow(70), 1.5, true, false, null, "é✓"),
        value.get("a"));
    assertEquals(List.of(1L, 2L, 3L, 4L), value.get(List.of("t", 1L)));
    assertEquals(Map.of("x", 1L), value.get("o"));
    List<?> shared = (List<?>) value.get("shared");
    assertEquals(List.of(7L, 8L), shared.get(0));
    assertSame(shared.get(0), shared.get(1), "a memoized object comes back as the same object");
    assertEquals(List.of("a", List.of("t", 1L), "o", "shared"), List.copyOf(value.keySet()));
  }

  @Test
  void persistentIdsGoToTheResolver() throws IOException {
    // protocol 2: MARK 'storage' '0' TUPLE BINPERSID STOP
    byte[] pickle = bytes("8002" + "28" + "5807000000" + "73746f72616765" + "5801000000" + "30" + "74" + "51" + "2e");
    assertEquals("storage [storage, 0]", Unpickler.load(pickle, ORDERED_DICTS));
  }

  @Test
  void refusesWhatItDoesNotKnow() {
    IOException opcode = assertThrows(IOException.class,
        () -> Unpickler.load(bytes("8002" + "4931320a" + "2e"), ORDERED_DICTS)); // INT '12\n', protocol 0
    assertEquals("byte 2: unsupported pickle opcode 0x49", opcode.getMessage());
    IOException call = assertThrows(IOException.class, // GLOBAL 'os system', EMPTY_TUPLE, REDUCE
        () -> Unpickler.load(bytes("8002" + "636f730a73797374656d0a" + "29" + "52" + "2e"), ORDERED_DICTS));
    assertEquals("refused os.system", call.getMessage());
    IOException truncated = assertThrows(IOException.class,
        () -> Unpickler.load(bytes(PROTOCOL_4.substring(0, 60)), ORDERED_DICTS));
    assertTrue(truncated.getMessage().contains("ends"), truncated.getMessage());
    IOException odd = assertThrows(IOException.class, // EMPTY_DICT MARK 'k' SETITEMS
        () -> Unpickler.load(bytes("8002" + "7d" + "28" + "58010000006b" + "75" + "2e"), ORDERED_DICTS));
    assertEquals("byte 10: SETITEMS with a key and no value", odd.getMessage());
    IOException kind = assertThrows(IOException.class, // BININT1 1, BININT1 2, STACK_GLOBAL: names that are ints
        () -> Unpickler.load(bytes("8004" + "4b01" + "4b02" + "93" + "2e"), ORDERED_DICTS));
    assertEquals("byte 6: malformed pickle (ClassCastException)", kind.getMessage());
    IOException memo = assertThrows(IOException.class,
        () -> Unpickler.load(bytes("8002" + "6805" + "2e"), ORDERED_DICTS));
    assertEquals("byte 2: memo key 5 was never stored", memo.getMessage());
  }

  private static byte[] bytes(String hex) {
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }
}
