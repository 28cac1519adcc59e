package dev.synapse.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EMNIST's archive layout, on a small archive written here in the same format. */
class EmnistTest {
    @TempDir
    Path dir;

    private static byte[] idx(int[] dims, byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0, 0, 8, (byte) dims.length});
        for (int d : dims) {
            b.writeBytes(new byte[] {(byte) (d >>> 24), (byte) (d >>> 16), (byte) (d >>> 8), (byte) d});
        }
        b.writeBytes(data);
        return b.toByteArray();
    }

    /** Three letters pictures; picture k has pixel (row r, column c) stored column-major as NIST does. */
    private Path archive() throws IOException {
        int n = 3;
        byte[] px = new byte[n * 28 * 28];
        for (int k = 0; k < n; k++) {
            // Stored transposed: the upright pixel (r=0, c=5) sits at stored (5, 0).
            px[k * 784 + 5 * 28] = (byte) (100 + k);
        }
        byte[] labels = {1, 26, 13};
        Path zip = dir.resolve("gzip.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            put(
                    out,
                    "gzip/emnist-letters-train-images-idx3-ubyte.gz",
                    DownloaderTest.gzip(idx(new int[] {n, 28, 28}, px), 6));
            put(
                    out,
                    "gzip/emnist-letters-train-labels-idx1-ubyte.gz",
                    DownloaderTest.gzip(idx(new int[] {n}, labels), 6));
        }
        return zip;
    }

    private static void put(ZipOutputStream out, String name, byte[] data) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(data);
        out.closeEntry();
    }

    @Test
    void lettersAreUprightAndLabelledOneToTwentySix() throws IOException {
        ImageDataset d = Emnist.read(archive(), Emnist.Variant.LETTERS, Split.TRAIN);
        assertEquals(3, d.size());
        assertArrayEquals(new long[] {1, 26, 13}, d.labels().toLongArray());
        assertEquals("a", d.classes().get(1));
        assertEquals("z", d.classes().get(26));
        assertEquals(27, d.classes().size());
        int[] pixels = d.get(2).x().toIntArray();
        assertEquals(102, pixels[5]);
        assertEquals(26, Emnist.Variant.LETTERS.classes().size());
        assertEquals(47, Emnist.Variant.BALANCED.classes().size());
        assertEquals(62, Emnist.Variant.BYCLASS.classes().size());
    }

    @Test
    void truncatedCorruptAndIncompleteArchivesGetAClearError() throws IOException {
        byte[] good = Files.readAllBytes(archive());
        Path cut = Files.write(dir.resolve("cut.zip"), Arrays.copyOf(good, good.length - 40));
        DatasetException e1 =
                assertThrows(DatasetException.class, () -> Emnist.read(cut, Emnist.Variant.LETTERS, Split.TRAIN));
        assertTrue(
                e1.getMessage().contains("cut.zip") && e1.getMessage().contains("truncated or corrupt"),
                e1.getMessage());
        byte[] flipped = good.clone();
        flipped[95] ^= 0x5A; // inside the first entry's compressed data
        Path bad = Files.write(dir.resolve("bad.zip"), flipped);
        DatasetException e2 =
                assertThrows(DatasetException.class, () -> Emnist.read(bad, Emnist.Variant.LETTERS, Split.TRAIN));
        assertTrue(e2.getMessage().contains("bad.zip"), e2.getMessage());
        DatasetException e3 =
                assertThrows(DatasetException.class, () -> Emnist.read(archive(), Emnist.Variant.DIGITS, Split.TRAIN));
        assertTrue(e3.getMessage().contains("emnist-digits-train-images"), e3.getMessage());
        try (OutputStream o = Files.newOutputStream(dir.resolve("labels-out-of-range.zip"));
                ZipOutputStream out = new ZipOutputStream(o)) {
            put(
                    out,
                    "gzip/emnist-letters-test-images-idx3-ubyte.gz",
                    DownloaderTest.gzip(idx(new int[] {1, 28, 28}, new byte[784]), 6));
            put(
                    out,
                    "gzip/emnist-letters-test-labels-idx1-ubyte.gz",
                    DownloaderTest.gzip(idx(new int[] {1}, new byte[] {0}), 6));
        }
        DatasetException e4 = assertThrows(
                DatasetException.class,
                () -> Emnist.read(dir.resolve("labels-out-of-range.zip"), Emnist.Variant.LETTERS, Split.TEST));
        assertTrue(e4.getMessage().contains("outside 1..26"), e4.getMessage());
    }
}
