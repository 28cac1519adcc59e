package dev.synapse.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.synapse.tensor.Tensor;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Loaders under contention, repeated with varied settings: several workers, a close from another
 * thread at a random moment, failing samples. Every epoch must end (all batches, a
 * {@link DataLoaderException}, or the "closed" error), never hang, and no worker may survive close.
 */
class DataLoaderStressTest {
    private static final int ROUNDS = 40;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void closeDuringIterationAndFailingSamplesNeverHang() throws Exception {
        Random random = new Random(12);
        ExecutorService consumers = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                int n = 40 + random.nextInt(40);
                int failAt = random.nextBoolean() ? random.nextInt(n) : -1;
                Dataset data = dataset(n, failAt);
                DataLoader loader = DataLoader.builder(data)
                        .batchSize(1 + random.nextInt(6))
                        .shuffle(true)
                        .seed(round)
                        .numWorkers(1 + random.nextInt(4))
                        .prefetch(1 + random.nextInt(3))
                        .build();
                // Two epochs at once, one of them left open by its consumer, as a loop broken without close() does.
                CountDownLatch started = new CountDownLatch(2);
                Future<Integer> first = consumers.submit(() -> consume(loader, -1, started));
                Future<Integer> second = consumers.submit(() -> consume(loader, random.nextInt(3), started));
                // Close once both epochs have begun (an epoch begun after close() rightly runs on new workers).
                assertTrue(started.await(10, TimeUnit.SECONDS));
                Thread.sleep(random.nextInt(4));
                loader.close();
                for (Future<Integer> f : java.util.List.of(first, second)) {
                    try {
                        int batches = f.get(20, TimeUnit.SECONDS);
                        assertTrue(batches <= loader.size());
                    } catch (TimeoutException e) {
                        fail("round " + round + ": an epoch hangs after close()");
                    } catch (ExecutionException e) {
                        Throwable c = e.getCause();
                        boolean closed = c instanceof IllegalStateException
                                && c.getMessage().contains("the loader was closed");
                        boolean failed = c instanceof DataLoaderException d && d.index() == failAt;
                        assertTrue(closed || failed, "round " + round + ": unexpected " + c);
                    }
                }
                // A thread may take a moment to exit after its pool terminated; an idle worker would live 5 s.
                String prefix = loader.threadPrefix();
                for (Thread t : Thread.getAllStackTraces().keySet()) {
                    if (t.getName().startsWith(prefix)) {
                        t.join(2000);
                        assertFalse(t.isAlive(), "round " + round + ": worker " + t.getName() + " survives close()");
                    }
                }
            }
        } finally {
            consumers.shutdownNow();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aLoaderClosedMidwayStillLoadsWholeEpochsAfterwards() {
        DataLoader loader = DataLoader.builder(dataset(50, -1))
                .batchSize(4)
                .numWorkers(3)
                .shuffle(true)
                .seed(5)
                .build();
        for (int round = 0; round < 20; round++) {
            DataLoader.LoaderIterator it = loader.iterator();
            it.next();
            loader.close();
            int count = 0;
            for (Batch b : loader) {
                count += b.size();
            }
            assertEquals(50, count, "round " + round);
        }
        loader.close();
    }

    /** Consumes one epoch, stopping without closing after {@code stopAfter} batches when it is not -1. */
    private static int consume(DataLoader loader, int stopAfter, CountDownLatch started) {
        int batches = 0;
        DataLoader.LoaderIterator it = loader.iterator();
        started.countDown();
        while (it.hasNext()) {
            it.next();
            batches++;
            if (batches == stopAfter) {
                break;
            }
        }
        return batches;
    }

    /** {@code n} samples that take a little time, and fail at {@code failAt} (or never when -1). */
    private static Dataset dataset(int n, int failAt) {
        float[] x = new float[n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i;
        }
        return new TensorDataset(Tensor.wrap(x, n, 1), Tensor.wrap(y, n)).mapSamples(s -> {
            long i = (long) s.y().item();
            if (i == failAt) {
                throw new IllegalArgumentException("sample " + i + " is broken");
            }
            long until = System.nanoTime() + 20_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            return s;
        });
    }
}
