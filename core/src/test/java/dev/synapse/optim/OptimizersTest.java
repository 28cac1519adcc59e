package dev.synapse.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synapse.tensor.Tensor;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class OptimizersTest {

    /** One step on loss = w^2 from w = 1 (gradient 2), in float64. */
    private static double oneStep(Optimizer opt) {
        Tensor w = Tensor.of(1.0);
        opt.applyGradients(List.of(w.mul(2.0)), List.of(w));
        return w.item();
    }

    @Test
    void firstStepsMatchTheKerasFormulas() {
        assertEquals(0.8, oneStep(new SGD(0.1)), 1e-12);
        assertEquals(1 - 0.1 * 2 - 0.9 * 0.1 * 2, oneStep(new SGD(0.1, 0.9, true)), 1e-12);
        // Adam: m = 0.2, v = 0.004, alpha = lr sqrt(1 - b2) / (1 - b1)
        double adam = 1 - 0.001 * Math.sqrt(0.001) / 0.1 * 0.2 / (Math.sqrt(0.004) + 1e-7);
        assertEquals(adam, oneStep(new Adam()), 1e-12);
        assertEquals(1 - 0.001 * 2 / Math.sqrt(0.1 + 4 + 1e-7), oneStep(new Adagrad()), 1e-12);
        assertEquals(1 - 0.001 * 2 / Math.sqrt(0.4 + 1e-7), oneStep(new RMSprop()), 1e-12);
        double eg = 0.05 * 4;
        double delta = -Math.sqrt(1e-7) / Math.sqrt(eg + 1e-7) * 2;
        assertEquals(1 + 0.001 * delta, oneStep(new Adadelta()), 1e-12);
        double u1 = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.004));
        double u2 = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.008));
        double mHat = u2 * 0.2 / (1 - u1 * u2) + (1 - u1) * 2 / (1 - u1);
        double vHat = 0.004 / 0.001;
        assertEquals(1 - 0.001 * mHat / (Math.sqrt(vHat) + 1e-7), oneStep(new Nadam()), 1e-12);
        // AdamW: decoupled decay w -= lr * 0.004 * w first, then the same Adam step.
        assertEquals(1 - 0.001 * 0.004 - (1 - adam), oneStep(new AdamW()), 1e-12);
    }

    @Test
    void momentumAccumulatesAcrossSteps() {
        Tensor w = Tensor.of(1.0);
        SGD opt = new SGD(0.1, 0.9, false);
        opt.applyGradients(List.of(w.mul(2.0)), List.of(w)); // v = -0.2, w = 0.8
        opt.applyGradients(List.of(w.mul(2.0)), List.of(w)); // v = -0.18 - 0.16, w = 0.46
        assertEquals(0.46, w.item(), 1e-12);
        assertEquals(2, opt.iterations());
    }

    @Test
    void everyOptimizerMinimizesAQuadratic() {
        List<Supplier<Optimizer>> all = List.of(
                () -> new SGD(0.1),
                () -> new SGD(0.05, 0.9, true),
                () -> new Adam(0.1),
                () -> new AdamW(0.1, 0.0),
                () -> new Adam(new Adam.Options(0.1, 0.9, 0.999, 1e-7, true)),
                () -> new RMSprop(0.05),
                () -> new RMSprop(new RMSprop.Options(0.02, 0.9, 0.5, 1e-7, true)),
                () -> new Adagrad(2.0),
                () -> new Adadelta(50.0),
                () -> new Nadam(0.1));
        for (Supplier<Optimizer> s : all) {
            Optimizer opt = s.get();
            Tensor w = Tensor.of(0.0, 10.0).requiresGrad(true);
            Tensor target = Tensor.of(3.0, -2.0);
            for (int i = 0; i < 500; i++) {
                w.sub(target).square().sum().backward();
                opt.step(List.of(w));
                Optimizer.zeroGrad(List.of(w));
            }
            assertArrayEquals(new double[] {3, -2}, w.toDoubleArray(), 0.05, opt.name() + " " + opt);
        }
    }

    @Test
    void clippingByNormAndValue() {
        Tensor w = Tensor.zeros(2);
        new SGD(1.0)
                .withCommon(new Optimizer.Common(1.0, 0, 0, 0))
                .applyGradients(List.of(Tensor.of(3f, 4f)), List.of(w));
        assertArrayEquals(new float[] {-0.6f, -0.8f}, w.toFloatArray(), 1e-6f);
        Tensor v = Tensor.zeros(2);
        new SGD(1.0)
                .withCommon(new Optimizer.Common(0, 0.5, 0, 0))
                .applyGradients(List.of(Tensor.of(3f, -0.25f)), List.of(v));
        assertArrayEquals(new float[] {-0.5f, 0.25f}, v.toFloatArray(), 1e-6f);
        Tensor a = Tensor.zeros(1);
        Tensor b = Tensor.zeros(1);
        new SGD(1.0)
                .withCommon(new Optimizer.Common(0, 0, 1.0, 0))
                .applyGradients(List.of(Tensor.of(3f), Tensor.of(4f)), List.of(a, b));
        assertEquals(-0.6, a.item(), 1e-6);
        assertEquals(-0.8, b.item(), 1e-6);
    }

    @Test
    void schedules() {
        assertEquals(
                0.1 * Math.pow(0.5, 0.5),
                LearningRateSchedule.exponentialDecay(0.1, 10, 0.5, false).at(5),
                1e-12);
        assertEquals(0.1, LearningRateSchedule.stepDecay(0.1, 10, 0.5).at(9), 1e-12);
        assertEquals(0.05, LearningRateSchedule.stepDecay(0.1, 10, 0.5).at(10), 1e-12);
        assertEquals(0.1, LearningRateSchedule.cosineDecay(0.1, 100, 0.0).at(0), 1e-12);
        assertEquals(0.05, LearningRateSchedule.cosineDecay(0.1, 100, 0.0).at(50), 1e-12);
        assertEquals(0.01, LearningRateSchedule.cosineDecay(0.1, 100, 0.1).at(500), 1e-12);
        Optimizer opt = new SGD(1.0);
        opt.setLearningRate(LearningRateSchedule.stepDecay(1.0, 1, 0.5));
        Tensor w = Tensor.zeros(1);
        opt.applyGradients(List.of(Tensor.ones(1)), List.of(w));
        opt.applyGradients(List.of(Tensor.ones(1)), List.of(w));
        assertEquals(-1.5, w.item(), 1e-12);
    }

    @Test
    void stateRoundTripsSoAResumedRunMatches() {
        Tensor w1 = Tensor.of(1.0, 2.0);
        Adam a = new Adam(0.1);
        a.applyGradients(List.of(Tensor.of(0.5, -1.0)), List.of(w1));
        Tensor w2 = w1.copy().detach();
        Adam b = new Adam(0.1);
        b.loadState(List.of(w2), a.state(List.of(w1)));
        b.setIterations(a.iterations());
        a.applyGradients(List.of(Tensor.of(0.3, 0.2)), List.of(w1));
        b.applyGradients(List.of(Tensor.of(0.3, 0.2)), List.of(w2));
        assertArrayEquals(w1.toDoubleArray(), w2.toDoubleArray(), 0.0);
    }

    @Test
    void namesAndErrors() {
        assertEquals("rmsprop", Optimizers.get("RMSprop").name());
        var e = assertThrows(IllegalArgumentException.class, () -> Optimizers.get("adamax2"));
        assertEquals(true, e.getMessage().contains("adamax2"));
        assertThrows(
                IllegalArgumentException.class, () -> new SGD(0.1).applyGradients(List.of(Tensor.ones(1)), List.of()));
    }
}
