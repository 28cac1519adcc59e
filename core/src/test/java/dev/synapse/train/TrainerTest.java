package dev.synapse.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.metrics.MeanError;
import dev.synapse.optim.Optimizer;
import dev.synapse.optim.SGD;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.callbacks.EarlyStopping;
import dev.synapse.train.callbacks.TerminateOnNaN;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {

    /** y = 2x - 1 fitted by a weight and a bias; batches are {x, y} pairs. */
    static class LinearModule extends TrainingModule<Tensor[]> {
        final Tensor w = Tensor.zeros(1).requiresGrad(true);
        final Tensor b = Tensor.zeros(1).requiresGrad(true);
        final MeanError valMse = MeanError.squared();
        final List<Integer> validationEpochs = new ArrayList<>();

        Tensor forward(Tensor x) {
            return x.mul(w).add(b);
        }

        @Override
        public Tensor trainingStep(Tensor[] batch, int batchIndex) {
            Tensor loss = forward(batch[0]).sub(batch[1]).square().mean();
            log("loss", loss.item(), Math.toIntExact(batch[0].size()));
            return loss;
        }

        @Override
        public Object validationStep(Tensor[] batch, int batchIndex) {
            Tensor pred = forward(batch[0]);
            valMse.update(batch[1], pred);
            log("val_mse", valMse);
            return pred;
        }

        @Override
        public void onValidationEpochEnd(List<Object> outputs) {
            validationEpochs.add(currentEpoch());
        }

        @Override
        public Optimizer configureOptimizers() {
            return new SGD(0.1);
        }

        @Override
        public List<Tensor> parameters() {
            return List.of(w, b);
        }
    }

    static List<Tensor[]> data(int batches, int size) {
        List<Tensor[]> out = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            Tensor x = Tensor.randn(size);
            out.add(new Tensor[] {x, x.mul(2.0).sub(1.0)});
        }
        return out;
    }

    private static Trainer.Builder quiet() {
        return Trainer.builder().verbose(0).printSummary(false);
    }

    @Test
    void fitLearnsAndRecordsEveryEpoch() {
        Synapse.setSeed(3);
        LinearModule m = new LinearModule();
        History h = quiet().maxEpochs(20).build().fit(m, data(10, 16), data(2, 16));
        assertEquals(20, h.epochs().size());
        assertEquals(20, h.get("val_mse").size());
        assertTrue(h.last("loss") < 1e-4, "loss " + h.last("loss"));
        assertTrue(h.last("val_mse") < 1e-4);
        assertEquals(2.0, m.w.item(), 1e-2);
        assertEquals(-1.0, m.b.item(), 1e-2);
        assertEquals(20, m.validationEpochs.size());
        assertTrue(h.get("loss").get(0) > h.get("loss").get(19));
    }

    @Test
    void epochLossIsTheBatchSizeWeightedMean() {
        List<Tensor[]> batches = List.of(
                new Tensor[] {Tensor.of(1f), Tensor.of(0f)},
                new Tensor[] {Tensor.of(0f, 0f, 0f), Tensor.of(0f, 0f, 0f)});
        LinearModule m = new LinearModule() {
            @Override
            public Optimizer configureOptimizers() {
                return new SGD(0.0);
            }
        };
        try (var _ = dev.synapse.autograd.GradMode.noGrad()) {
            m.w.fill(1);
        }
        History h = quiet().maxEpochs(1).build().fit(m, batches, null);
        // losses 1 (1 sample) and 0 (3 samples): weighted mean 0.25, not 0.5.
        assertEquals(0.25, h.last("loss"), 1e-12);
    }

    @Test
    void earlyStoppingEndsTheLoopAndTerminateOnNanStopsDivergence() {
        Synapse.setSeed(4);
        LinearModule m = new LinearModule() {
            @Override
            public Optimizer configureOptimizers() {
                return new SGD(0.0); // nothing improves: patience 2 stops after epoch 2
            }
        };
        EarlyStopping es = new EarlyStopping("val_mse", 2);
        History h = quiet().maxEpochs(50).callbacks(es).build().fit(m, data(2, 8), data(1, 8));
        assertEquals(3, h.epochs().size());
        assertEquals(2, es.stoppedEpoch());

        LinearModule diverging = new LinearModule() {
            @Override
            public Optimizer configureOptimizers() {
                return new SGD(10.0);
            }
        };
        TerminateOnNaN t = new TerminateOnNaN();
        History d = quiet().maxEpochs(100).callbacks(t).build().fit(diverging, data(10, 16), null);
        assertTrue(d.epochs().size() < 100, "stopped early");
        assertTrue(t.reason() != null && t.reason().contains("invalid loss"), String.valueOf(t.reason()));
    }

    @Test
    void limitsClippingAndSummary() {
        LinearModule m = new LinearModule() {
            int steps;

            @Override
            public Tensor trainingStep(Tensor[] batch, int batchIndex) {
                steps++;
                log("steps", steps);
                return super.trainingStep(batch, batchIndex);
            }
        };
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Trainer trainer = Trainer.builder()
                .maxEpochs(2)
                .limitTrainBatches(3)
                .gradientClip(0.01, Trainer.ClipAlgorithm.VALUE)
                .verbose(0)
                .output(new PrintStream(bytes, true, StandardCharsets.UTF_8), false)
                .build();
        List<Tensor[]> one = List.<Tensor[]>of(new Tensor[] {Tensor.of(1f), Tensor.of(100f)});
        List<Tensor[]> batches = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batches.addAll(one);
        }
        trainer.fit(m, batches, null);
        assertEquals(6, trainer.globalStep(), "3 batches in each of 2 epochs");
        // Each step moves w by at most lr * 0.01.
        assertEquals(6 * 0.1 * 0.01, m.w.item(), 1e-6);
        String summary = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(summary.contains("Trainable params") && summary.contains("| parameters"), summary);
        assertEquals("101 K", Trainer.human(101_000));
    }

    @Test
    void deviceWithoutABackendFailsBeforeTraining() {
        LinearModule m = new LinearModule();
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> quiet().maxEpochs(1)
                        .device(dev.synapse.tensor.Device.cuda(0))
                        .build()
                        .fit(m, data(1, 4), null));
        assertTrue(e.getMessage().contains("cuda:0"), e.getMessage());
        History h = quiet().maxEpochs(1)
                .device(dev.synapse.tensor.Device.getDefault())
                .build()
                .fit(m, data(1, 4), null);
        assertEquals(1, h.epochs().size());
    }

    /** A metric that counts how often its result is asked for (an exact AUC sorts everything so far each time). */
    static final class CountingMetric implements dev.synapse.metrics.Metric {
        int results;
        double sum;

        @Override
        public void update(Tensor yTrue, Tensor yPred) {
            sum += yPred.sum().item();
        }

        @Override
        public double result() {
            results++;
            return sum;
        }

        @Override
        public void reset() {
            sum = 0;
        }

        @Override
        public String name() {
            return "counted";
        }

        @Override
        public dev.synapse.metrics.Metric fresh() {
            return new CountingMetric();
        }
    }

    @Test
    void batchLogsComputeMetricsOnlyWhenRead() {
        CountingMetric counted = new CountingMetric();
        LinearModule m = new LinearModule() {
            @Override
            public Tensor trainingStep(Tensor[] batch, int batchIndex) {
                counted.update(batch[1], forward(batch[0]));
                log("counted", counted);
                return super.trainingStep(batch, batchIndex);
            }
        };
        quiet().maxEpochs(1).build().fit(m, data(20, 4), null);
        assertEquals(1, counted.results, "read once, for the epoch's logs; no callback read the 20 batches' logs");
        List<Double> seen = new ArrayList<>();
        Callback reader = new Callback() {
            @Override
            public void onTrainBatchEnd(int batch, java.util.Map<String, Double> logs) {
                seen.add(logs.get("counted"));
            }
        };
        counted.results = 0;
        quiet().maxEpochs(1).callbacks(reader).build().fit(m, data(20, 4), null);
        assertEquals(20, seen.size());
        assertEquals(
                20,
                counted.results,
                "each batch's logs computed once when the callback read them; the epoch's results are the last"
                        + " batch's, read once");
    }

    @Test
    void valuesLoggedAtTheEpochsEndReachItsResultsAfterEveryBatchWasRead() {
        LinearModule m = new LinearModule() {
            @Override
            public Tensor trainingStep(Tensor[] batch, int batchIndex) {
                log("step", Tensor.scalar(batchIndex), 1);
                return super.trainingStep(batch, batchIndex);
            }

            @Override
            public void onTrainEpochEnd() {
                log("late", 7.0);
            }
        };
        List<Double> steps = new ArrayList<>();
        Callback reader = new Callback() {
            @Override
            public void onTrainBatchEnd(int batch, java.util.Map<String, Double> logs) {
                steps.add(logs.get("step"));
            }
        };
        History h = quiet().maxEpochs(1).callbacks(reader).build().fit(m, data(4, 4), null);
        assertEquals(List.of(0.0, 0.5, 1.0, 1.5), steps, "the running mean of 0, 1, 2, 3 logged as tensors");
        assertEquals(1.5, h.last("step"));
        assertEquals(7.0, h.last("late"), "logged after the last batch's logs were read");
    }
}
