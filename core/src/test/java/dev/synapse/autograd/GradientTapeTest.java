package dev.synapse.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.synapse.Synapse;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

class GradientTapeTest {

    @Test
    void derivativeOfXSquaredAtThreeIsSix() {
        // Seed 000: x = 3.0; with GradientTape() as tape: tape.watch(x); y = x * x
        Tensor x = Tensor.scalar(3.0);
        try (GradientTape tape = GradientTape.open()) {
            tape.watch(x);
            Tensor y = x.mul(x);
            assertEquals(6.0, tape.gradient(y, x).item(), 0.0);
        }
    }

    @Test
    void normalizedGradientRegressionRecoversCoefficients() {
        // Seed 000's regression by hand: y = 3 x1 - 5 x2 - x3, 100 normalized-gradient steps.
        Synapse.setSeed(1102);
        Tensor x1 = Tensor.randn(1000);
        Tensor x2 = Tensor.randn(1000);
        Tensor x3 = Tensor.randn(1000);
        Tensor y = x1.mul(3.0).sub(x2.mul(5.0)).sub(x3);
        Tensor c = Tensor.of(0f, 0f, 0f);
        for (int j = 0; j < 100; j++) {
            try (GradientTape tape = GradientTape.open()) {
                tape.watch(c);
                Tensor pred =
                        c.get(0).mul(x1).add(c.get(1).mul(x2)).add(c.get(2).mul(x3));
                Tensor loss = y.sub(pred).pow(2).mean();
                Tensor grad = tape.gradient(loss, c);
                Tensor normalized =
                        grad.div(Math.sqrt(Math.max(grad.square().sum().item(), 1e-5)));
                c = c.sub(normalized.mul(10.0 / (100.0 + j))).detach();
            }
        }
        assertArrayEquals(new float[] {3f, -5f, -1f}, c.toFloatArray(), 0.05f);
    }

    @Test
    void nonPersistentTapeAnswersOnce() {
        Tensor x = Tensor.scalar(2.0);
        try (GradientTape tape = GradientTape.open()) {
            tape.watch(x);
            Tensor y = x.mul(x);
            tape.gradient(y, x);
            assertThrows(IllegalStateException.class, () -> tape.gradient(y, x));
        }
    }

    @Test
    void persistentTapeAnswersSeveralTimes() {
        Tensor x = Tensor.scalar(2.0);
        try (GradientTape tape = GradientTape.openPersistent()) {
            tape.watch(x);
            Tensor y = x.mul(x).mul(x);
            Tensor z = x.mul(x);
            assertEquals(12.0, tape.gradient(y, x).item(), 1e-6);
            assertEquals(4.0, tape.gradient(z, x).item(), 1e-6);
        }
    }

    @Test
    void twoTapesOnOneComputationGiveEachTheirGradients() {
        // A GAN step: one forward pass, a generator tape and a discriminator tape.
        Tensor g = Tensor.scalar(2.0).requiresGrad(true);
        Tensor d = Tensor.scalar(3.0).requiresGrad(true);
        try (GradientTape genTape = GradientTape.open();
                GradientTape discTape = GradientTape.open()) {
            Tensor fake = g.mul(g); // generator output: g^2
            Tensor score = fake.mul(d); // discriminator: d * g^2
            Tensor genLoss = score.neg();
            Tensor discLoss = score;
            assertEquals(-12.0, genTape.gradient(genLoss, g).item(), 1e-6); // -2 g d
            assertEquals(4.0, discTape.gradient(discLoss, d).item(), 1e-6); // g^2
        }
        assertNull(g.grad(), "tapes leave .grad untouched");
    }

    @Test
    void unconnectedSourceGivesNull() {
        Tensor a = Tensor.scalar(1.0).requiresGrad(true);
        Tensor b = Tensor.scalar(1.0).requiresGrad(true);
        try (GradientTape tape = GradientTape.open()) {
            assertNull(tape.gradient(a.mul(2.0), new Tensor[] {a, b})[1]);
        }
    }
}
