package dev.synapse.examples.letters;

import dev.synapse.Synapse;
import dev.synapse.autograd.GradMode;
import dev.synapse.autograd.GradientTape;
import dev.synapse.cli.Flags;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Seed 000, "Differenziazione automatica": the derivative of {@code x * x} at 3 taken with a
 * {@link GradientTape}, then a linear regression {@code y = 3 x1 - 5 x2 - x3} solved by hand with
 * normalized gradient steps of size {@code 10 / (100 + j)}, printing every ten iterations.
 *
 * <pre>{@code ./synapse example autodiff [--iterations 100] [--samples 1000] [--seed 1102]}</pre>
 */
public final class Autodiff {
    private Autodiff() {}

    /**
     * What the program does.
     *
     * @param iterations gradient steps of the regression (the tutorial's 100)
     * @param samples rows of the regression's data (1000)
     * @param seed the random seed ({@code set_random_seed(1102)})
     * @param printEvery print a line every this many iterations (10); 0 prints nothing
     */
    public record Settings(int iterations, int samples, long seed, int printEvery) {
        /** The tutorial's settings. */
        public static Settings tutorial() {
            return new Settings(100, 1000, 1102, 10);
        }
    }

    /**
     * The key figures.
     *
     * @param derivative d(x*x)/dx at x = 3
     * @param coefficients the coefficients found
     * @param losses the mean squared error at every iteration (before its step)
     */
    public record Result(double derivative, float[] coefficients, List<Double> losses) {}

    public static Result run(Settings s) {
        // x = tf.constant(3.0); with GradientTape() as tape: tape.watch(x); y = x * x
        Tensor x = Tensor.scalar(3.0);
        double derivative;
        try (GradientTape tape = GradientTape.open()) {
            tape.watch(x);
            Tensor y = x.mul(x);
            Tensor dydx = tape.gradient(y, x);
            derivative = dydx.item();
            if (s.printEvery() > 0) {
                System.out.println(dydx);
            }
        }

        Synapse.setSeed(s.seed());
        Tensor x1 = Tensor.randn(s.samples());
        Tensor x2 = Tensor.randn(s.samples());
        Tensor x3 = Tensor.randn(s.samples());
        Tensor y = x1.mul(3.0).sub(x2.mul(5.0)).sub(x3.mul(1.0)); // coefficients (3, -5, -1)

        Tensor c = Tensor.zeros(3);
        List<Double> losses = new ArrayList<>();
        for (int j = 0; j < s.iterations(); j++) {
            // A step scope gives the step's device memory back when it ends; the new coefficients are kept.
            try (var step = Synapse.stepScope();
                    GradientTape tape = GradientTape.open()) {
                tape.watch(c);
                Tensor yPred =
                        c.get(0).mul(x1).add(c.get(1).mul(x2)).add(c.get(2).mul(x3));
                Tensor loss = y.sub(yPred).square().mean();
                Tensor grad = tape.gradient(loss, c);
                Tensor norm;
                Tensor gradNormalized;
                try (var _ = GradMode.noGrad()) {
                    norm = grad.square().sum().maximum(Tensor.scalar(0.00001)).sqrt();
                    gradNormalized = grad.div(norm);
                    c = step.keep(c.sub(gradNormalized.mul(10.0 / (100.0 + j))));
                }
                losses.add(loss.item());
                if (s.printEvery() > 0 && (j + 1) % s.printEvery() == 0) {
                    System.out.printf(
                            Locale.ROOT,
                            "iteration = %d \t loss = %.6f \t norm grad = %s \t coeff = %s%n",
                            j + 1,
                            loss.item(),
                            values(gradNormalized),
                            values(c));
                }
            }
        }
        if (s.printEvery() > 0) {
            System.out.println("Coefficients found " + values(c));
        }
        return new Result(derivative, c.toFloatArray(), losses);
    }

    private static String values(Tensor t) {
        float[] v = t.toFloatArray();
        String[] parts = new String[v.length];
        for (int i = 0; i < v.length; i++) {
            parts[i] = String.format(Locale.ROOT, "%.7f", v[i]);
        }
        return Arrays.toString(parts);
    }

    public static void main(String[] args) {
        Flags f = Flags.parse(
                "./synapse example autodiff",
                "Seed 000: GradientTape, then a linear regression by normalized gradient steps on all its rows "
                        + "at once.",
                args);
        Settings t = Settings.tutorial();
        Settings s = new Settings(
                f.integer("iterations", t.iterations(), 0, "gradient steps"),
                f.integer("samples", t.samples(), 1, "rows of the regression's data"),
                f.longInteger("seed", t.seed(), "random seed"),
                t.printEvery());
        f.done();
        run(s);
    }
}
