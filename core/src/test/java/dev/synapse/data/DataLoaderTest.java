package dev.synapse.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.data.transforms.Transforms;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataLoaderTest {

    /** 103 samples whose features are [i, i+0.5] and label i, so contents reveal the order. */
    private static TensorDataset numbered(int n) {
        float[] x = new float[n * 2];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = i + 0.5f;
            y[i] = i;
        }
        return new TensorDataset(Tensor.wrap(x, n, 2), Tensor.wrap(y, n));
    }

    private static List<float[]> epoch(DataLoader loader) {
        List<float[]> out = new ArrayList<>();
        for (Batch b : loader) {
            out.add(b.x().toFloatArray());
        }
        return out;
    }

    @Test
    void everySampleOncePerEpochInANewOrderEachEpoch() {
        DataLoader loader = DataLoader.builder(numbered(103)).batchSize(10).shuffle(true).seed(7).build();
        assertEquals(11, loader.size());
        long[] previous = null;
        for (int e = 0; e < 3; e++) {
            List<Long> seen = new ArrayList<>();
            int batches = 0;
            for (Batch b : loader) {
                batches++;
                assertEquals(DType.INT64, b.y().dtype());
                assertEquals(DType.FLOAT32, b.x().dtype());
                assertArrayEquals(new int[] {b.size(), 2}, b.x().dims());
                float[] x = b.x().toFloatArray();
                long[] y = b.y().toLongArray();
                for (int i = 0; i < y.length; i++) {
                    assertEquals(y[i], (long) x[2 * i], "features and labels stay paired");
                    seen.add(y[i]);
                }
            }
            assertEquals(11, batches);
            long[] order = seen.stream().mapToLong(Long::longValue).toArray();
            long[] sorted = order.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < 103; i++) {
                assertEquals(i, sorted[i]);
            }
            if (previous != null) {
                assertFalse(Arrays.equals(previous, order), "each epoch has its own order");
            }
            previous = order;
        }
    }

    @Test
    void sameBatchesWhateverTheNumberOfWorkers() {
        Dataset noisy = numbered(257).map(Transforms.gaussianNoise(1.0));
        List<List<float[]>> runs = new ArrayList<>();
        for (int workers : new int[] {0, 1, 3}) {
            try (DataLoader loader = DataLoader.builder(noisy).batchSize(16).shuffle(true).seed(42)
                    .numWorkers(workers).prefetch(3).build()) {
                List<float[]> two = epoch(loader);
                two.addAll(epoch(loader));
                runs.add(two);
            }
        }
        for (int r = 1; r < runs.size(); r++) {
            assertEquals(runs.get(0).size(), runs.get(r).size());
            for (int b = 0; b < runs.get(0).size(); b++) {
                assertArrayEquals(runs.get(0).get(b), runs.get(r).get(b), "run " + r + " batch " + b);
            }
        }
        // The noise differs between the two epochs of one run: augmentation is drawn per epoch.
        int perEpoch = runs.get(0).size() / 2;
        assertFalse(Arrays.equals(runs.get(0).get(0), runs.get(0).get(perEpoch)));
    }

    @Test
    void differentSeedsGiveDifferentOrders() {
        DataLoader a = DataLoader.builder(numbered(50)).batchSize(50).shuffle(true).seed(1).build();
        DataLoader b = DataLoader.builder(numbered(50)).batchSize(50).shuffle(true).seed(2).build();
        assertFalse(Arrays.equals(a.order(0), b.order(0)));
        assertArrayEquals(a.order(3), a.order(3));
    }

    @Test
    void globalSeedFixesTheLoaderSeed() {
        dev.synapse.Synapse.setSeed(1102);
        long s1 = DataLoader.builder(numbered(5)).build().seed();
        dev.synapse.Synapse.setSeed(1102);
        long s2 = DataLoader.builder(numbered(5)).build().seed();
        assertEquals(s1, s2);
    }

    @Test
    void dropLastAndTheShortLastBatch() {
        DataLoader keep = DataLoader.builder(numbered(25)).batchSize(10).build();
        DataLoader drop = DataLoader.builder(numbered(25)).batchSize(10).dropLast(true).numWorkers(2).build();
        assertEquals(3, keep.size());
        assertEquals(2, drop.size());
        List<Integer> keepSizes = new ArrayList<>();
        keep.forEach(b -> keepSizes.add(b.size()));
        List<Integer> dropSizes = new ArrayList<>();
        drop.forEach(b -> dropSizes.add(b.size()));
        assertEquals(List.of(10, 10, 5), keepSizes);
        assertEquals(List.of(10, 10), dropSizes);
        drop.close();
    }

    @Test
    void inOrderWithoutShuffle() {
        DataLoader loader = DataLoader.builder(numbered(7)).batchSize(3).numWorkers(2).build();
        List<Long> labels = new ArrayList<>();
        for (Batch b : loader) {
            for (long l : b.y().toLongArray()) {
                labels.add(l);
            }
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), labels);
        loader.close();
    }

    @Test
    void setEpochReplaysAnEpoch() {
        DataLoader loader = DataLoader.builder(numbered(40)).batchSize(8).shuffle(true).seed(3).build();
        List<float[]> first = epoch(loader);
        epoch(loader);
        loader.setEpoch(0);
        List<float[]> again = epoch(loader);
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), again.get(i));
        }
    }

    @Test
    void workerErrorsReachTheLoop() {
        Dataset broken = numbered(20).mapSamples(s -> {
            if (s.y().item() == 13) {
                throw new IllegalStateException("sample 13 is unreadable");
            }
            return s;
        });
        try (DataLoader loader = DataLoader.builder(broken).batchSize(4).numWorkers(2).build()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> epoch(loader));
            assertEquals("sample 13 is unreadable", e.getMessage());
        }
    }

    @Test
    void closeStopsTheWorkers() {
        DataLoader loader = DataLoader.builder(numbered(100)).batchSize(5).numWorkers(3).build();
        DataLoader.LoaderIterator it = loader.iterator();
        it.next();
        String prefix0 = loader.threadPrefix();
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix0)).allMatch(Thread::isDaemon), "workers are daemon threads");
        it.close();
        assertFalse(it.hasNext());
        loader.close();
        String prefix = loader.threadPrefix();
        boolean alive = Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith(prefix) && t.isAlive());
        assertFalse(alive, "no worker thread of this loader survives close()");
        // The loader still works after close: a new pool is started on demand.
        assertEquals(20, epoch(loader).size());
        loader.close();
    }

    @Test
    void unlabelledTensorSlicesBatchLikeTensorFlow() {
        Tensor x = Tensor.arange(0, 10, 1).reshape(5, 2);
        int batches = 0;
        for (Batch b : Dataset.fromTensorSlices(x).batch(2)) {
            batches++;
            assertEquals(null, b.y());
            assertTrue(b.size() <= 2);
        }
        assertEquals(3, batches);
    }
}
