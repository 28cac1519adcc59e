package dev.synapse.viz;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PictureTest {

    @Test
    void aMachineWithoutFontsGetsAnInstallHint(@TempDir Path dir) {
        Picture broken = () -> {
            throw new InternalError("Fontconfig head is null, check your fonts or fonts configuration");
        };
        var e = assertThrows(IllegalStateException.class, () -> broken.save(dir.resolve("x.png")));
        assertTrue(e.getMessage().contains("fonts-dejavu-core"), e.getMessage());
    }

    @Test
    void otherFailuresPassThrough(@TempDir Path dir) {
        IllegalArgumentException cause = new IllegalArgumentException("bad data");
        Picture broken = () -> {
            throw cause;
        };
        assertSame(cause, assertThrows(IllegalArgumentException.class, () -> broken.save(dir.resolve("x.png"))));
    }
}
