package dev.synapse.examples.lightning;

import dev.synapse.nn.initializers.Initializer;
import dev.synapse.nn.initializers.Initializers;
import dev.synapse.nn.initializers.VarianceScaling;
import dev.synapse.nn.layers.Conv2D;
import dev.synapse.nn.layers.Dense;

/**
 * PyTorch's {@code nn.Linear} and {@code nn.Conv2d} as Synapse layers, initialized as PyTorch does
 * (weights and biases uniform in {@code ±1/sqrt(fan_in)}: {@code kaiming_uniform_(a=sqrt(5))}), since
 * the tutorial's plain and momentum SGD runs depend on that starting point.
 */
final class Torch {
    private Torch() {}

    /** {@code nn.Linear(in, out)}. */
    static Dense linear(int in, int out) {
        return Dense.builder(out)
                .kernelInitializer(kernel())
                .biasInitializer(bias(in))
                .build();
    }

    /** {@code nn.Conv2d(in, out, k, padding=k/2)}: a "same" convolution, channels-last. */
    static Conv2D conv(int in, int out, int k) {
        return Conv2D.builder(out, k)
                .padding("same")
                .kernelInitializer(kernel())
                .biasInitializer(bias(in * k * k))
                .build();
    }

    /** Uniform in ±sqrt(3 * (1/3) / fan_in) = ±1/sqrt(fan_in). */
    private static Initializer kernel() {
        return Initializers.varianceScaling(
                1.0 / 3.0, VarianceScaling.Mode.FAN_IN, VarianceScaling.Distribution.UNIFORM);
    }

    private static Initializer bias(int fanIn) {
        double b = 1 / Math.sqrt(fanIn);
        return Initializers.randomUniform(-b, b);
    }
}
