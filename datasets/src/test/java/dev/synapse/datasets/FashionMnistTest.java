package dev.synapse.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.data.Batch;
import dev.synapse.data.DataLoader;
import dev.synapse.data.Dataset;
import dev.synapse.data.Sample;
import dev.synapse.data.transforms.Transforms;
import dev.synapse.tensor.DType;
import dev.synapse.testing.NeedsData;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fashion-MNIST's full sets, read from Debian's package through the offline downloader. */
@NeedsData
class FashionMnistTest {
    private static ImageDataset train;
    private static ImageDataset test;

    @BeforeAll
    static void load() throws IOException {
        RealFiles.fashion("train-images-idx3-ubyte.gz");
        Path cache = Files.createTempDirectory("synapse-cache");
        Downloader offline = new Downloader(HttpClient.newHttpClient(), true);
        train = FashionMnist.load(Split.TRAIN, offline, cache);
        test = FashionMnist.load(Split.TEST, offline, cache);
    }

    @Test
    void sizesShapesAndClasses() {
        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        assertArrayEquals(new int[] {28, 28}, train.imageShape());
        assertEquals(FashionMnist.CLASSES, train.classes());
        long[] perClassTrain = train.classCounts();
        long[] perClassTest = test.classCounts();
        assertEquals(10, perClassTrain.length);
        for (int c = 0; c < 10; c++) {
            assertEquals(6_000, perClassTrain[c], "train class " + c);
            assertEquals(1_000, perClassTest[c], "test class " + c);
        }
        // The first labels of each file: Ankle boot, T-shirt/top; Ankle boot, Pullover.
        assertEquals(9, train.label(0));
        assertEquals(0, train.label(1));
        assertEquals(9, test.label(0));
        assertEquals(2, test.label(1));
    }

    @Test
    void pixelRangeAndMean() {
        for (ImageDataset d : List.of(train, test)) {
            byte[] px = d.pixels();
            int min = 255;
            int max = 0;
            long sum = 0;
            for (byte b : px) {
                int v = b & 0xFF;
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
            assertEquals(0, min);
            assertEquals(255, max);
            double mean = sum / (double) px.length / 255;
            assertEquals(d == train ? 0.28604 : 0.28685, mean, 1e-4, d.name());
        }
    }

    @Test
    void samplesAndWholeTensors() {
        Sample s = train.get(0);
        assertEquals(DType.INT32, s.x().dtype());
        assertArrayEquals(new int[] {28, 28}, s.x().dims());
        assertEquals(DType.INT64, s.y().dtype());
        assertEquals(9, s.y().item());
        var x = test.images();
        assertArrayEquals(new int[] {10_000, 28, 28}, x.dims());
        assertEquals(DType.FLOAT32, x.dtype());
        assertEquals(s.x().toFloatArray()[14 * 28 + 14] / 255f, train.images().toFloatArray()[14 * 28 + 14], 1e-6f);
        assertArrayEquals(new int[] {10_000}, test.labels().dims());
    }

    @Test
    void aLoaderSeesEveryTestSampleOnceAndTheSameWayWhateverTheWorkers() {
        Dataset ready = test.map(Transforms.compose(Transforms.toTensor(), Transforms.normalize(0.2860, 0.3530)));
        float[][] first = new float[2][];
        int w = 0;
        for (int workers : new int[] {0, 2}) {
            try (DataLoader loader = DataLoader.builder(ready)
                    .batchSize(256)
                    .shuffle(true)
                    .seed(11)
                    .numWorkers(workers)
                    .dropLast(true)
                    .build()) {
                assertEquals(39, loader.size());
                long[] counts = new long[10];
                int batches = 0;
                for (Batch b : loader) {
                    if (batches == 0) {
                        first[w] = b.x().toFloatArray();
                        assertArrayEquals(new int[] {256, 28, 28}, b.x().dims());
                    }
                    batches++;
                    for (long l : b.y().toLongArray()) {
                        counts[(int) l]++;
                    }
                }
                assertEquals(39, batches);
                long total = 0;
                for (long c : counts) {
                    total += c;
                }
                assertEquals(39 * 256, total);
            }
            w++;
        }
        assertArrayEquals(first[0], first[1]);
        assertTrue(first[0][0] < 0, "normalized background is negative");
    }
}
