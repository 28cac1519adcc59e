package dev.synapse.examples;

import dev.synapse.Synapse;
import dev.synapse.autograd.GradientTape;
import dev.synapse.tensor.Tensor;

/**
 * The README's main job. For now a short tour of the engine: a derivative taken with a
 * {@link GradientTape} and a linear regression solved by gradient descent, as in the first
 * tutorial's autodiff section.
 */
public final class Quickstart {
    private Quickstart() {
    }

    public static void main(String[] args) {
        Tensor x = Tensor.scalar(3.0);
        try (GradientTape tape = GradientTape.open()) {
            tape.watch(x);
            Tensor y = x.mul(x);
            System.out.printf("d(x*x)/dx at x = 3: %.1f%n", tape.gradient(y, x).item());
        }

        Synapse.setSeed(1102);
        Tensor features = Tensor.randn(1000, 3);
        Tensor trueCoefficients = Tensor.of(3f, -5f, -1f);
        Tensor target = features.matmul(trueCoefficients);
        Tensor c = Tensor.zeros(3).requiresGrad(true);
        System.out.println("Fitting y = 3 x1 - 5 x2 - x3 by gradient descent:");
        for (int step = 1; step <= 100; step++) {
            Tensor loss = target.sub(features.matmul(c)).square().mean();
            loss.backward();
            try (var ignored = dev.synapse.autograd.GradMode.noGrad()) {
                c.subInPlace(c.grad().mul(0.1));
            }
            c.zeroGrad();
            if (step % 20 == 0) {
                float[] v = c.toFloatArray();
                System.out.printf("  step %3d  loss %.6f  coefficients (%.3f, %.3f, %.3f)%n", step, loss.item(), v[0], v[1], v[2]);
            }
        }
    }
}
