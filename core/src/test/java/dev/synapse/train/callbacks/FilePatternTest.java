package dev.synapse.train.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FilePatternTest {
    private static final Map<String, Double> LOGS = Map.of("val_loss", 0.12345, "accuracy", 0.9);

    private static String format(String pattern, int epoch) {
        return FilePattern.parse(pattern).format(epoch, LOGS);
    }

    private static String refused(String pattern) {
        return assertThrows(IllegalArgumentException.class, () -> FilePattern.parse(pattern))
                .getMessage();
    }

    @Test
    void patternsFollowPythonFormatSpecs() {
        assertEquals("m-03-0.12.ckpt", format("m-{epoch:02d}-{val_loss:.2f}.ckpt", 2));
        assertEquals("e1", format("e{epoch}", 0));
        assertEquals("e  7-0.9", format("e{epoch:3}-{accuracy}", 6));
        assertEquals("e007", format("e{epoch:03}", 6));
        assertEquals("e7.00-1.23e-01", format("e{epoch:.2f}-{val_loss:.2e}", 6));
        assertEquals("{literal}-1", format("{{literal}}-{epoch}", 0));
    }

    @Test
    void unknownConversionsAndMalformedFieldsAreRefusedWithThePattern() {
        String m = refused("m-{epoch:02q}.ckpt");
        assertTrue(m.contains("'m-{epoch:02q}.ckpt'") && m.contains("'02q'") && m.contains("{name:spec}"), m);
        assertTrue(refused("m-{epoch.ckpt").contains("never closed"));
        assertTrue(refused("m-epoch}.ckpt").contains("closes no field"));
        assertTrue(refused("m-{}.ckpt").contains("no name"));
        assertTrue(refused("m-{0}.ckpt").contains("'0'"));
        assertTrue(refused("m-{val_loss:d}").contains("needs an integer"));
        assertTrue(refused("m-{val_loss:.3}").contains("'.4f'"));
        assertTrue(refused("m-{epoch:.2d}").contains("does not apply"));
        assertTrue(refused("m-{epoch:<5}").contains("not supported"));
        assertTrue(refused("m-{epoch!r}").contains("'epoch!r'"));
        assertTrue(refused(" ").contains("must name a file"));
    }

    @Test
    void aNameThatIsNotLoggedListsThePlaceholdersAvailable() {
        String m = assertThrows(IllegalArgumentException.class, () -> format("{loss}", 0))
                .getMessage();
        assertTrue(m.contains("{loss}") && m.contains("[accuracy, epoch, val_loss]"), m);
    }

    @Test
    void validationFieldsAreCheckedOnlyOnEpochsThatValidated() {
        FilePattern p = FilePattern.parse("m-{val_loss:.2f}");
        p.requireFields(Map.of("loss", 1.0));
        assertThrows(IllegalArgumentException.class, () -> p.requireFields(Map.of("loss", 1.0, "val_acc", 1.0)));
        assertThrows(
                IllegalArgumentException.class,
                () -> FilePattern.parse("m-{los}").requireFields(Map.of("loss", 1.0)));
    }
}
