package dev.synapse.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Keras and PyTorch raise ValueError for these settings; each refusal names the owner, parameter and value. */
class HyperParametersTest {
    private static final double[] BAD_RATES = {-0.01, Double.NaN, Double.POSITIVE_INFINITY};

    private static void refused(Executable made, String... words) {
        String m = assertThrows(IllegalArgumentException.class, made).getMessage();
        for (String w : words) {
            assertTrue(m.contains(w), "'" + w + "' missing from: " + m);
        }
    }

    @Test
    void everyOptimizerRefusesANegativeNanOrInfiniteLearningRate() {
        Map<String, DoubleFunction<Optimizer>> makers = Map.of(
                "SGD",
                SGD::new,
                "Adam",
                Adam::new,
                "Nadam",
                Nadam::new,
                "RMSprop",
                RMSprop::new,
                "Adagrad",
                Adagrad::new,
                "Adadelta",
                Adadelta::new,
                "AdamW",
                lr -> new AdamW(lr, 0.004));
        makers.forEach((name, make) -> {
            for (double lr : BAD_RATES) {
                refused(() -> make.apply(lr), name + ":", "learningRate", Double.toString(lr));
            }
            assertNotNull(make.apply(0.0));
        });
    }

    @Test
    void setLearningRateRefusesBadRatesAndKeepsTheOldOne() {
        for (String name : List.of("sgd", "adam", "adamw", "rmsprop", "adagrad", "adadelta", "nadam")) {
            Optimizer opt = Optimizers.get(name);
            double before = opt.learningRate();
            for (double lr : BAD_RATES) {
                refused(() -> opt.setLearningRate(lr), name + ":", "learningRate", Double.toString(lr));
            }
            assertEquals(before, opt.learningRate(), 0.0);
        }
    }

    @Test
    void otherHyperParametersAreChecked() {
        refused(() -> new Adam.Options(0.001, 1.0, 0.999, 1e-7, false), "Adam", "beta1", "1.0");
        refused(() -> new Adam.Options(0.001, 0.9, Double.NaN, 1e-7, false), "Adam", "beta2", "NaN");
        refused(() -> new Adam.Options(0.001, 0.9, 0.999, -1e-7, false), "Adam", "epsilon", "-1.0E-7");
        refused(() -> new Nadam.Options(0.001, -0.1, 0.999, 1e-7), "Nadam", "beta1", "-0.1");
        refused(() -> new SGD(0.1, -0.5, false), "SGD", "momentum", "-0.5");
        refused(() -> new SGD(0.1, Double.NaN, false), "SGD", "momentum", "NaN");
        refused(() -> new RMSprop.Options(0.001, 1.5, 0, 1e-7, false), "RMSprop", "rho", "1.5");
        refused(() -> new RMSprop.Options(0.001, 0.9, -0.9, 1e-7, false), "RMSprop", "momentum", "-0.9");
        refused(() -> new Adagrad.Options(0.001, -0.1, 1e-7), "Adagrad", "initialAccumulatorValue", "-0.1");
        refused(() -> new Adadelta.Options(0.001, 1.01, 1e-7), "Adadelta", "rho", "1.01");
        refused(() -> new AdamW(0.001, -0.004), "AdamW", "weightDecay", "-0.004");
        refused(() -> new AdamW(0.001, Double.NaN), "AdamW", "weightDecay", "NaN");
        refused(() -> new Optimizer.Common(-1, 0, 0, 0), "clipNorm", "-1.0");
        refused(() -> new Optimizer.Common(0, Double.NaN, 0, 0), "clipValue", "NaN");
        refused(() -> new Optimizer.Common(0, 0, Double.POSITIVE_INFINITY, 0), "globalClipNorm", "Infinity");
        refused(() -> new Optimizer.Common(0, 0, 0, -0.1), "weightDecay", "-0.1");
        refused(() -> new SGD(0.1).setIterations(-1), "sgd", "iterations", "-1");
    }

    @Test
    void schedulesRefuseBadRatesWhenMade() {
        refused(() -> LearningRateSchedule.constant(-1), "learningRate", "-1.0");
        refused(() -> LearningRateSchedule.exponentialDecay(Double.NaN, 10, 0.9, false), "exponentialDecay", "NaN");
        refused(() -> LearningRateSchedule.exponentialDecay(0.1, 10, -0.9, false), "exponentialDecay", "rate", "-0.9");
        refused(() -> LearningRateSchedule.stepDecay(0.1, 10, -0.5), "stepDecay", "gamma", "-0.5");
        refused(() -> LearningRateSchedule.cosineDecay(-0.1, 10, 0.0), "cosineDecay", "learningRate", "-0.1");
        refused(() -> LearningRateSchedule.cosineDecay(0.1, 10, 2.0), "cosineDecay", "alpha", "2.0");
    }

    @Test
    void aScheduleOfYourOwnIsCheckedBeforeItsRateTouchesTheWeights() {
        Optimizer opt = new SGD(0.1);
        opt.setLearningRate(step -> step == 0 ? 0.1 : -0.1);
        Tensor w = Tensor.of(1.0);
        opt.applyGradients(List.of(Tensor.of(1.0)), List.of(w));
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> opt.applyGradients(List.of(Tensor.of(1.0)), List.of(w)));
        assertTrue(
                e.getMessage().contains("sgd")
                        && e.getMessage().contains("-0.1")
                        && e.getMessage().contains("step 1"),
                e.getMessage());
        assertEquals(0.9, w.item(), 1e-12);
        assertEquals(1, opt.iterations());
    }

    @Test
    void aGradientOfAnotherShapeIsRefusedNamingBothShapes() {
        Tensor w = Tensor.zeros(3);
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new Adam().applyGradients(List.of(Tensor.ones(1, 3)), List.of(w)));
        assertTrue(
                e.getMessage().contains("adam.applyGradients")
                        && e.getMessage().contains("(1, 3)")
                        && e.getMessage().contains("(3,)"),
                e.getMessage());
        assertEquals(0.0, w.abs().sum().item(), 0.0);
    }
}
