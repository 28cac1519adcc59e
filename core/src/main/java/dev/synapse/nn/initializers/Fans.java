package dev.synapse.nn.initializers;

/**
 * Fan-in and fan-out of a weight shape as Keras computes them: a kernel {@code [..., in, out]}
 * multiplies both by the receptive field (the product of the leading axes), so a conv kernel
 * {@code [3, 3, 16, 32]} has fan-in 144 and fan-out 288.
 */
final class Fans {
    private Fans() {}

    static double[] of(int[] shape) {
        if (shape.length == 0) {
            return new double[] {1, 1};
        }
        if (shape.length == 1) {
            return new double[] {shape[0], shape[0]};
        }
        if (shape.length == 2) {
            return new double[] {shape[0], shape[1]};
        }
        double receptive = 1;
        for (int i = 0; i < shape.length - 2; i++) {
            receptive *= shape[i];
        }
        return new double[] {shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive};
    }
}
