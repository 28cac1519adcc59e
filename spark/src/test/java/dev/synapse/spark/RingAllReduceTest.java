package dev.synapse.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The ring between threads of this JVM, the barrier's allGather played by a shared array. */
class RingAllReduceTest {
    /** An allGather for {@code size} threads: each publishes its string and, once all have, reads them all. */
    private static Function<String, List<String>> allGather(int rank, String[] board, CyclicBarrier barrier) {
        return s -> {
            board[rank] = s;
            try {
                barrier.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return List.of(board.clone());
        };
    }

    private static float[][] run(int size, int length) throws Exception {
        float[][] values = new float[size][length];
        SplittableRandom random = new SplittableRandom(42);
        for (float[] v : values) {
            for (int i = 0; i < length; i++) {
                v[i] = (float) random.nextGaussian();
            }
        }
        double[] expected = new double[length];
        for (float[] v : values) {
            for (int i = 0; i < length; i++) {
                expected[i] += v[i];
            }
        }
        String[] board = new String[size];
        CyclicBarrier barrier = new CyclicBarrier(size);
        ExecutorService pool = Executors.newFixedThreadPool(size);
        try {
            List<Future<float[]>> done = new ArrayList<>();
            for (int r = 0; r < size; r++) {
                int rank = r;
                done.add(pool.submit(() -> {
                    try (RingAllReduce ring =
                            RingAllReduce.connect(rank, size, "127.0.0.1", allGather(rank, board, barrier), 10_000)) {
                        float[] mine = values[rank].clone();
                        ring.sumInPlace(mine);
                        return mine;
                    }
                }));
            }
            float[][] out = new float[size][];
            for (int r = 0; r < size; r++) {
                out[r] = done.get(r).get(60, TimeUnit.SECONDS);
            }
            for (int i = 0; i < length; i++) {
                // N float32 additions of unit-size values: a few float32 ulps of the magnitudes involved.
                assertEquals(expected[i], out[0][i], 1e-5 * size, "element " + i);
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyReplicaEndsWithTheSameSumBitForBit() throws Exception {
        for (int size : new int[] {2, 3, 4}) {
            for (int length : new int[] {1, 10, 100_003}) {
                float[][] out = run(size, length);
                for (int r = 1; r < size; r++) {
                    assertArrayEquals(out[0], out[r], "replica " + r + " of " + size + ", " + length + " floats");
                }
            }
        }
    }

    @Test
    void theSameInputsGiveTheSameBitsAgain() throws Exception {
        assertArrayEquals(run(3, 1000)[1], run(3, 1000)[1]);
    }

    @Test
    void oneReplicaIsItsOwnSum() throws Exception {
        float[] v = {1, 2, 3};
        try (RingAllReduce ring = RingAllReduce.connect(0, 1, "127.0.0.1", s -> List.of(s), 1000)) {
            ring.sumInPlace(v);
        }
        assertArrayEquals(new float[] {1, 2, 3}, v);
    }

    @Test
    void aSilentPeerFailsTheStepAfterTheTimeoutNamingIt() throws Exception {
        String[] board = new String[2];
        CyclicBarrier barrier = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // Replica 1 joins the ring but never sends.
            Future<RingAllReduce> silent =
                    pool.submit(() -> RingAllReduce.connect(1, 2, "127.0.0.1", allGather(1, board, barrier), 10_000));
            Future<String> failure = pool.submit(() -> {
                try (RingAllReduce ring = RingAllReduce.connect(0, 2, "127.0.0.1", allGather(0, board, barrier), 300)) {
                    UncheckedIOException e =
                            assertThrows(UncheckedIOException.class, () -> ring.sumInPlace(new float[8]));
                    return e.getMessage();
                }
            });
            String message = failure.get(30, TimeUnit.SECONDS);
            assertTrue(message.contains("replica 0 of 2") && message.contains("previous replica 127.0.0.1:"), message);
            assertTrue(message.contains("300 ms"), message);
            silent.get(10, TimeUnit.SECONDS).close();
        } finally {
            pool.shutdownNow();
        }
    }
}
