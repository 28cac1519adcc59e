package dev.synapse.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.data.preprocessing.Categorical;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitsTest {
    @TempDir
    Path dir;

    @Test
    void theShippedCopyMatchesScikitLearn() {
        Digits d = Digits.load();
        assertArrayEquals(new int[] {1797, 64}, d.data().dims());
        assertArrayEquals(new int[] {1797}, d.target().dims());
        assertArrayEquals(new int[] {1797, 8, 8}, d.images().dims());
        // np.bincount(load_digits().target)
        assertArrayEquals(
                new long[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, Categorical.classCounts(d.target()));
        float[] x = d.data().toFloatArray();
        float max = 0;
        for (float v : x) {
            max = Math.max(max, v);
        }
        assertEquals(16f, max);
        // load_digits().data[0][:8] and target[:3]
        assertArrayEquals(new float[] {0, 0, 5, 13, 9, 1, 0, 0}, Arrays.copyOf(x, 8));
        assertArrayEquals(new long[] {0, 1, 2}, Arrays.copyOf(d.target().toLongArray(), 3));
        assertEquals(1797, d.dataset().size());
    }

    @Test
    void theShippedFileIsTheDocumentedOne() throws IOException {
        try (InputStream in = Digits.class.getResourceAsStream(Digits.RESOURCE)) {
            assertEquals("46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a", Downloader.sha256(in));
        }
        try (InputStream in = Digits.class.getResourceAsStream("digits/NOTICE.md")) {
            String notice = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(notice.contains("CC BY 4.0"));
        }
    }

    @Test
    void truncatedAndCorruptedCopiesGetAClearError() throws IOException {
        byte[] gz;
        try (InputStream in = Digits.class.getResourceAsStream(Digits.RESOURCE)) {
            gz = in.readAllBytes();
        }
        Path cut = Files.write(dir.resolve("cut.csv.gz"), Arrays.copyOf(gz, gz.length / 2));
        DatasetException e1 = assertThrows(DatasetException.class, () -> Digits.read(cut));
        assertTrue(e1.getMessage().contains("cut.csv.gz") && e1.getMessage().contains("truncated"), e1.getMessage());
        byte[] bad = gz.clone();
        bad[gz.length - 7] ^= 1;
        Path crc = Files.write(dir.resolve("crc.csv.gz"), bad);
        DatasetException e2 = assertThrows(DatasetException.class, () -> Digits.read(crc));
        assertTrue(e2.getMessage().contains("damaged"), e2.getMessage());
        Path text = Files.write(
                dir.resolve("wrong.csv.gz"), DownloaderTest.gzip("1,2,3\n".getBytes(StandardCharsets.UTF_8), 6));
        DatasetException e3 = assertThrows(DatasetException.class, () -> Digits.read(text));
        assertTrue(e3.getMessage().contains("65"), e3.getMessage());
    }

    @Test
    void aGzipBombIsRefusedWithoutBeingInflatedWhole() throws IOException {
        // One line of zeros without end would make readLine hold all of it.
        Path bomb = Files.write(dir.resolve("digits.csv.gz"), DownloaderTest.gzipBomb(64));
        DatasetException e = assertThrows(DatasetException.class, () -> Digits.read(bomb));
        assertTrue(
                e.getMessage().contains("decompressed holds more than " + Digits.MAX_CONTENT + " bytes"),
                e.getMessage());
    }
}
