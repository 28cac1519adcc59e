package dev.synapse.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
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

    @Test
    void concurrentSavesIntoOneFolderAllSucceed(@TempDir Path dir) throws Exception {
        int threads = 8;
        int each = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> saves = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int shade = t * 30;
                Picture p = Picture.of(filled(40, 30, shade));
                saves.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        p.save(dir.resolve("same.png"));
                        p.save(dir.resolve("own-" + shade + ".png"));
                    }
                    return null;
                }));
            }
            for (Future<?> f : saves) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(40, Png.read(dir.resolve("same.png")).getWidth());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(threads + 1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void savingOverAFolderIsRefusedAndNamesIt(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("plots"));
        UncheckedIOException e = assertThrows(
                UncheckedIOException.class, () -> Picture.of(filled(4, 4, 0)).save(folder));
        assertTrue(e.getMessage().contains(folder.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
        assertTrue(Files.isDirectory(folder), "the folder is left alone");
        // A parent that is a file: the message names the target too.
        Path file = Files.writeString(dir.resolve("notes.txt"), "x");
        UncheckedIOException under = assertThrows(
                UncheckedIOException.class, () -> Picture.of(filled(4, 4, 0)).save(file.resolve("x.png")));
        assertTrue(
                under.getMessage()
                        .contains(file.resolve("x.png").toAbsolutePath().toString()),
                under.getMessage());
    }

    @Test
    void aFullDiskIsReportedWithThePathAndWhatToDo() {
        Path target = Path.of("out", "curves.png");
        UncheckedIOException e = PictureFiles.failure(
                target, new FileSystemException(target + ".123.tmp", null, "No space left on device"));
        String m = e.getMessage();
        assertTrue(m.contains(target.toAbsolutePath().toString()), m);
        assertTrue(m.contains("No space left on device"), m);
        assertTrue(m.contains("free space"), m);
    }

    private static BufferedImage filled(int w, int h, int grey) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, grey * 0x010101);
            }
        }
        return img;
    }
}
