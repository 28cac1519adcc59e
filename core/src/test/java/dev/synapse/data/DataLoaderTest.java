package dev.synapse.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.data.transforms.Transforms;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.MemoryScope;
import dev.synapse.tensor.Tensor;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DataLoaderTest {

    @Test
    void batchesMadeOnADeviceByWorkersGoWithTheStepThatTakesThem() {
        Device dev = Device.of("emulated:8");
        try (var _ = dev.use();
                var _ = MemoryScope.open();
                DataLoader loader = DataLoader.builder(numbered(12))
                        .batchSize(4)
                        .numWorkers(2)
                        .build()) {
            long before = Synapse.memoryStats(dev).allocatedBytes();
            float first = -1;
            for (java.util.Iterator<Batch> it = loader.iterator(); it.hasNext(); ) {
                try (var _ = MemoryScope.open()) {
                    Batch b = it.next();
                    first = first < 0 ? b.x().toFloatArray()[0] : first;
                }
            }
            assertEquals(0f, first);
            assertEquals(before, Synapse.memoryStats(dev).allocatedBytes(), "each step gave its batch back");
        }
    }

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
        DataLoader loader = DataLoader.builder(numbered(103))
                .batchSize(10)
                .shuffle(true)
                .seed(7)
                .build();
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
            try (DataLoader loader = DataLoader.builder(noisy)
                    .batchSize(16)
                    .shuffle(true)
                    .seed(42)
                    .numWorkers(workers)
                    .prefetch(3)
                    .build()) {
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
        DataLoader a = DataLoader.builder(numbered(50))
                .batchSize(50)
                .shuffle(true)
                .seed(1)
                .build();
        DataLoader b = DataLoader.builder(numbered(50))
                .batchSize(50)
                .shuffle(true)
                .seed(2)
                .build();
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
        DataLoader drop = DataLoader.builder(numbered(25))
                .batchSize(10)
                .dropLast(true)
                .numWorkers(2)
                .build();
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
        DataLoader loader =
                DataLoader.builder(numbered(7)).batchSize(3).numWorkers(2).build();
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
        DataLoader loader = DataLoader.builder(numbered(40))
                .batchSize(8)
                .shuffle(true)
                .seed(3)
                .build();
        List<float[]> first = epoch(loader);
        epoch(loader);
        loader.setEpoch(0);
        List<float[]> again = epoch(loader);
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), again.get(i));
        }
    }

    @Test
    void workerErrorsNameTheEpochBatchAndSample() {
        IllegalStateException unreadable = new IllegalStateException("sample 13 is unreadable");
        Dataset broken = numbered(20).mapSamples(s -> {
            if (s.y().item() == 13) {
                throw unreadable;
            }
            return s;
        });
        for (int workers : new int[] {0, 2}) {
            try (DataLoader loader = DataLoader.builder(broken)
                    .batchSize(4)
                    .shuffle(true)
                    .seed(3)
                    .numWorkers(workers)
                    .build()) {
                assertEquals(
                        0,
                        assertThrows(DataLoaderException.class, () -> epoch(loader))
                                .epoch());
                int[] order = loader.order(1);
                int position = 0;
                while (order[position] != 13) {
                    position++;
                }
                DataLoaderException e = assertThrows(DataLoaderException.class, () -> epoch(loader));
                assertSame(unreadable, e.getCause());
                assertEquals(1, e.epoch());
                assertEquals(position / 4, e.batch());
                assertEquals(13, e.index());
                assertEquals(
                        "DataLoader: epoch 1, batch " + position / 4 + ": reading sample 13 (dataset index) failed: "
                                + unreadable,
                        e.getMessage());
            }
        }
    }

    @Test
    void collationErrorsNameTheEpochAndBatch() {
        IllegalArgumentException bad = new IllegalArgumentException("ragged");
        DataLoader loader = DataLoader.builder(numbered(8))
                .batchSize(4)
                .collate(samples -> {
                    throw bad;
                })
                .build();
        DataLoaderException e = assertThrows(DataLoaderException.class, () -> epoch(loader));
        assertSame(bad, e.getCause());
        assertEquals(0, e.batch());
        assertEquals(-1, e.index());
        assertTrue(
                e.getMessage().startsWith("DataLoader: epoch 0, batch 0: collating the batch failed"), e.getMessage());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void closeWakesAThreadWaitingForABatch() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        Dataset slow = numbered(8).mapSamples(s -> {
            blocked.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted", e);
            }
            return s;
        });
        DataLoader loader = DataLoader.builder(slow).batchSize(2).numWorkers(1).build();
        // An epoch left open keeps the one worker busy, so the next epoch's batches wait in the queue.
        DataLoader.LoaderIterator abandoned = loader.iterator();
        DataLoader.LoaderIterator current = loader.iterator();
        ExecutorService consumer = Executors.newSingleThreadExecutor();
        try {
            Future<Batch> waiting = consumer.submit(current::next);
            assertTrue(blocked.await(10, TimeUnit.SECONDS));
            Thread.sleep(50);
            assertFalse(waiting.isDone(), "the consumer waits for its batch");
            loader.close();
            ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
            assertTrue(
                    e.getCause().getMessage().contains("the loader was closed while epoch 1 was being iterated"),
                    e.getCause().getMessage());
            // The loop sees the end too, rather than a silently shortened epoch.
            assertTrue(current.hasNext());
            assertThrows(IllegalStateException.class, current::next);
            assertThrows(IllegalStateException.class, abandoned::next);
        } finally {
            consumer.shutdownNow();
            never.countDown();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void anEpochAbandonedWithoutCloseIsNotKeptByTheLoader() throws Exception {
        try (DataLoader loader =
                DataLoader.builder(numbered(40)).batchSize(4).numWorkers(2).build()) {
            WeakReference<DataLoader.LoaderIterator> abandoned = abandon(loader);
            while (abandoned.get() != null) {
                System.gc();
                Thread.sleep(20);
            }
            assertEquals(10, epoch(loader).size());
        }
    }

    /** Starts an epoch and drops it after one batch, as a loop left with {@code break} does. */
    private static WeakReference<DataLoader.LoaderIterator> abandon(DataLoader loader) {
        DataLoader.LoaderIterator it = loader.iterator();
        it.next();
        return new WeakReference<>(it);
    }

    @Test
    void closeStopsTheWorkers() {
        DataLoader loader =
                DataLoader.builder(numbered(100)).batchSize(5).numWorkers(3).build();
        DataLoader.LoaderIterator it = loader.iterator();
        it.next();
        String prefix0 = loader.threadPrefix();
        assertTrue(
                Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith(prefix0))
                        .allMatch(Thread::isDaemon),
                "workers are daemon threads");
        it.close();
        assertFalse(it.hasNext());
        loader.close();
        String prefix = loader.threadPrefix();
        // close() waits for the pool to terminate, which it does just before its last worker's run()
        // returns: that thread may be alive a moment longer, so give each worker a bounded wait.
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix)) {
                assertDoesNotThrow(() -> t.join(10_000));
            }
        }
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
