package dev.synapse.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Dropout;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many threads making the first call of an unbuilt model at once build it exactly once, and many
 * threads predicting with a built model get the single-threaded answer, round after round.
 */
@Timeout(60)
class ModelConcurrencyTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 25;
    private static ExecutorService pool;

    @BeforeAll
    static void start() {
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    /** Runs {@code work} on every thread at the same moment and returns each thread's result. */
    private static List<float[]> allAtOnce(Function<Integer, Tensor> work) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<float[]>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                return work.apply(thread).toFloatArray();
            }));
        }
        List<float[]> out = new ArrayList<>();
        for (Future<float[]> f : futures) {
            out.add(f.get()); // rethrows a thread's failure
        }
        return out;
    }

    private static Tensor input() {
        return Tensor.arange(0, 24, 1).reshape(4, 6).div(10.0);
    }

    @Test
    void racingFirstCallsBuildAnUnbuiltModelOnce() throws Exception {
        Synapse.setSeed(21);
        Tensor x = input();
        for (int round = 0; round < ROUNDS; round++) {
            Sequential inner = new Sequential(new Dense(8, "relu"), new Dropout(0.3));
            Sequential model = new Sequential(new Dense(16, "tanh"), inner, new Dense(3));
            List<float[]> outs = allAtOnce(thread -> model.apply(x));
            assertEquals(6, model.weights().size(), "three Dense layers, each with a kernel and a bias, built once");
            float[] expected = model.apply(x).toFloatArray();
            for (float[] o : outs) {
                assertArrayEquals(expected, o, "round " + round);
            }
        }
    }

    @Test
    void threadsPredictingWithABuiltModelGetTheSameAnswer() throws Exception {
        Synapse.setSeed(22);
        Sequential model =
                new Sequential(Input.of(6), new Dense(32, "relu"), new Dropout(0.5), new Dense(3, "softmax"));
        model.compile("adam", "categorical_crossentropy");
        Tensor x = input();
        float[] expected = model.predict(x, 2).toFloatArray();
        for (int round = 0; round < ROUNDS; round++) {
            List<float[]> outs = allAtOnce(thread -> thread % 2 == 0 ? model.predict(x, 2) : model.apply(x));
            for (float[] o : outs) {
                assertArrayEquals(expected, o, "round " + round);
            }
        }
    }

    @Test
    void concurrentPredictsLeaveAModelInTrainingModeSo() throws Exception {
        Synapse.setSeed(23);
        Sequential model = new Sequential(Input.of(6), new Dense(8, "relu"), new Dropout(0.5), new Dense(2));
        model.compile("sgd", "mse");
        Tensor x = Tensor.randn(64, 6); // long enough for the threads' predicts to overlap
        float[] expected = model.predict(x, 1).toFloatArray();
        model.train();
        for (int round = 0; round < ROUNDS; round++) {
            for (float[] o : allAtOnce(thread -> model.predict(x, 1))) {
                assertArrayEquals(expected, o, "predict runs in inference whatever the mode");
            }
            assertTrue(model.isTraining(), "round " + round + ": the model's own mode is untouched");
        }
    }
}
