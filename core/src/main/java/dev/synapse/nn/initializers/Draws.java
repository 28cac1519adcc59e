package dev.synapse.nn.initializers;

import dev.synapse.backend.RandomDraw;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.JavaArrays;
import dev.synapse.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Random starting values drawn in double precision from a generator, then converted to the weight's dtype. */
final class Draws {
    private Draws() {}

    /** A generator seeded with {@code seed}, else the default device's ({@link Generator#defaultFor}). */
    static Generator generator(Long seed) {
        return seed == null ? Generator.defaultFor(Device.getDefault()) : new Generator(seed);
    }

    /**
     * Off the CPU, the values are computed on the device from one key of the generator, so a weight is never
     * copied over from the host; the CPU keeps its double-precision host draws.
     */
    private static Tensor onDevice(RandomDraw draw, int[] shape, DType dtype) {
        Tensor out = Tensor.empty(dtype, Device.getDefault(), shape);
        out.backend().random(draw, out);
        return out;
    }

    private static boolean onCpu() {
        return Device.getDefault().equals(Device.CPU);
    }

    /** The config of a normal initializer, plain or truncated: Keras's {@code mean}, {@code stddev}, {@code seed}. */
    static Map<String, Object> normalConfig(double mean, double stddev, Long seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", mean);
        m.put("stddev", stddev);
        m.put("seed", seed);
        return m;
    }

    static Tensor normal(int[] shape, DType dtype, double mean, double std, Long seed) {
        if (!onCpu()) {
            return onDevice(new RandomDraw.Normal(mean, std, generator(seed).nextLong()), shape, dtype);
        }
        double[] v = new double[JavaArrays.length(shape, "initializer")];
        generator(seed).fillNormal(v, mean, std);
        return Tensor.wrap(v, shape).to(dtype);
    }

    static Tensor truncatedNormal(int[] shape, DType dtype, double mean, double std, Long seed) {
        if (!onCpu()) {
            return onDevice(
                    new RandomDraw.TruncatedNormal(mean, std, generator(seed).nextLong()), shape, dtype);
        }
        double[] v = new double[JavaArrays.length(shape, "initializer")];
        generator(seed).fillTruncatedNormal(v, mean, std);
        return Tensor.wrap(v, shape).to(dtype);
    }

    static Tensor uniform(int[] shape, DType dtype, double low, double high, Long seed) {
        if (!onCpu()) {
            return onDevice(new RandomDraw.Uniform(low, high, generator(seed).nextLong()), shape, dtype);
        }
        double[] v = new double[JavaArrays.length(shape, "initializer")];
        generator(seed).fillUniform(v, low, high);
        return Tensor.wrap(v, shape).to(dtype);
    }

    static java.util.Map<String, Object> seedConfig(Long seed) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("seed", seed);
        return m;
    }
}
