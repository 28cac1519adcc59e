package dev.synapse.interop.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.io.CorruptFileException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TorchPickleTest {
    @TempDir
    Path dir;

    /** Protocol 2 header, the given body, STOP. */
    private static byte[] pickle(String body) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x80);
        b.write(2);
        b.writeBytes(body.getBytes(StandardCharsets.ISO_8859_1));
        b.write('.');
        return b.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "cos\nsystem\n(X\u0002\u0000\u0000\u0000lstR", // os.system('ls')
                "cbuiltins\neval\n",
                "c__builtin__\ngetattr\n",
                "ctorch\nload\n",
                "ctorch._utils\n_rebuild_from_type_v2\n",
                "cnumpy.core.multiarray\n_reconstruct\n",
                "ccollections\ndefaultdict\n"
            })
    void globalsOutsideTheAllowListAreRefusedByName(String body) {
        String name =
                body.substring(1, body.indexOf('\n', body.indexOf('\n') + 1)).replace('\n', '.');
        CorruptFileException e = assertThrows(
                CorruptFileException.class, () -> TorchPickle.load(pickle(body), "f.pt: entry 'a/data.pkl'"));
        assertTrue(e.getMessage().startsWith("f.pt: entry 'a/data.pkl': global " + name), e.getMessage());
    }

    @Test
    void stackGlobalIsCheckedAsGlobal() {
        // SHORT_BINUNICODE 'os', SHORT_BINUNICODE 'system', STACK_GLOBAL (protocol 4's form)
        String body = "\u008c\u0002os\u008c\u0006system\u0093";
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> TorchPickle.load(pickle(body), "p"));
        assertTrue(e.getMessage().contains("global os.system"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "(ios\nsystem\n", // INST
                "(o", // OBJ
                "}\u0081", // NEWOBJ
                "I1\n", // INT (text protocol 0)
                "S'x'\n", // STRING
                "P0\n", // PERSID (text form)
                "\u0082\u0001" // EXT1: the extension registry
            })
    void opcodesOutsideTheListAreRefused(String body) {
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> TorchPickle.load(pickle(body), "p"));
        assertTrue(e.getMessage().contains("opcode") && e.getMessage().contains("not allowed"), e.getMessage());
    }

    @Test
    void allowedGlobalsCannotBeCalledOutsideTheirShape() {
        // OrderedDict([('a', 1)]): only the empty call torch writes is allowed.
        String body = "ccollections\nOrderedDict\n(]X\u0001\u0000\u0000\u0000aK\u0001\u0086a\u0085R";
        assertThrows(CorruptFileException.class, () -> TorchPickle.load(pickle(body), "p"));
        // A storage global is not callable.
        assertThrows(CorruptFileException.class, () -> TorchPickle.load(pickle("ctorch\nFloatStorage\n)R"), "p"));
        // BUILD on anything but a dict would set attributes on an object.
        assertThrows(CorruptFileException.class, () -> TorchPickle.load(pickle("]}b"), "p"));
    }

    @Test
    void plainContainersAreRead() throws CorruptFileException {
        Object o = TorchPickle.load(pickle("}(X\u0001\u0000\u0000\u0000a]K\u0007aX\u0001\u0000\u0000\u0000bNu"), "p");
        assertEquals(Map.of("a", List.of(7L), "b", TorchPickle.None.NONE), o);
    }

    @Test
    void anEvilPickleInsideAPtFileNamesTheFileAndEntry() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TorchZip.write(
                out, List.of(Map.entry("model/data.pkl", pickle("cos\nsystem\n(X\u0002\u0000\u0000\u0000lstR"))));
        Path p = dir.resolve("evil.pt");
        Files.write(p, out.toByteArray());
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> StateDict.read(p));
        assertTrue(
                e.getMessage().contains(p.toString())
                        && e.getMessage().contains("model/data.pkl")
                        && e.getMessage().contains("os.system"),
                e.getMessage());
    }
}
