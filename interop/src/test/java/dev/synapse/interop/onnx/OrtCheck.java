package dev.synapse.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.synapse.nn.Model;
import dev.synapse.nn.Weight;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an exported model in ONNX Runtime and compares its outputs with Synapse's.
 *
 * <p>The tolerance is relative to the output's scale (its largest magnitude, at least 1): both sides
 * compute in float32 (unit roundoff 6e-8) but sum in different orders, so a dot product of n terms may
 * differ by about {@code n * 6e-8} of its terms' magnitude in the worst case and {@code sqrt(n) * 6e-8}
 * typically; 1e-5 covers the few hundred terms of the small test layers, while a wrong weight order,
 * padding or gate order moves outputs by 1e-2 or more. Models with thousands of terms per output
 * state their own bound.
 */
final class OrtCheck {
    static final double TOLERANCE = 1e-5;
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private OrtCheck() {}

    /** A float32 input with values uniform in [-1, 1), the same for every run with this seed. */
    static Tensor input(long seed, int... shape) {
        return Tensor.uniform(-1, 1, new Generator(seed), shape);
    }

    /**
     * Gives every weight of {@code model} values uniform in [-0.5, 0.5) (variances in [0.5, 1.5)), so that a
     * misplaced bias, statistic or gate cannot hide behind zeros and ones.
     */
    static <M extends Model> M randomized(M model, long seed) {
        Generator g = new Generator(seed);
        for (Weight w : model.weights()) {
            double low = w.name().contains("variance") ? 0.5 : -0.5;
            w.assign(Tensor.uniform(low, low + 1, g, w.shape()).to(w.dtype()));
        }
        return model;
    }

    /**
     * Gives the batch normalization weights of {@code model} (scale, offset, moving statistics) random
     * values and leaves the other weights as their initializers made them: the tutorials' models keep
     * their own weight scales, and their normalization is not the identity.
     */
    static <M extends Model> M randomNormalization(M model, long seed) {
        Generator g = new Generator(seed);
        for (Weight w : model.weights()) {
            if (w.layer() instanceof dev.synapse.nn.layers.BatchNormalization) {
                double low = w.name().contains("variance") || w.name().contains("gamma") ? 0.5 : -0.5;
                w.assign(Tensor.uniform(low, low + 1, g, w.shape()).to(w.dtype()));
            }
        }
        return model;
    }

    /** Exports with the default options and checks one input; returns the largest absolute difference. */
    static double check(String label, Model model, Tensor input) {
        return check(label, model, List.of(input), OnnxExportOptions.defaults(), TOLERANCE);
    }

    /** As {@link #check(String, Model, Tensor)} with another relative tolerance. */
    static double check(String label, Model model, Tensor input, double tolerance) {
        return check(label, model, List.of(input), OnnxExportOptions.defaults(), tolerance);
    }

    /**
     * Exports {@code model}, runs the file in ONNX Runtime on {@code inputs} and asserts that every
     * output has Synapse's shape and values within {@code tolerance} of the output's scale.
     */
    static double check(String label, Model model, List<Tensor> inputs, OnnxExportOptions options, double tolerance) {
        return compare(label, Onnx.toBytes(model, options), model, inputs, options, tolerance);
    }

    /** Runs the ONNX file {@code bytes} (exported from {@code model} with {@code options}) and compares. */
    static double compare(
            String label, byte[] bytes, Model model, List<Tensor> inputs, OnnxExportOptions options, double tolerance) {
        dump(label, bytes);
        List<Tensor> expected = model.applyAll(inputs, false);
        List<float[]> actual = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        run(bytes, model, inputs, options, actual, shapes);
        assertEquals(expected.size(), actual.size(), label + ": output count");
        double worst = 0;
        for (int k = 0; k < expected.size(); k++) {
            Tensor e = expected.get(k);
            long[] want = new long[e.dims().length];
            for (int i = 0; i < want.length; i++) {
                want[i] = e.dims()[i];
            }
            assertArrayEquals(want, shapes.get(k), label + ": shape of output " + k);
            float[] ev = e.toFloatArray();
            float[] av = actual.get(k);
            double scale = 1;
            for (float v : ev) {
                scale = Math.max(scale, Math.abs(v));
            }
            double diff = 0;
            for (int i = 0; i < ev.length; i++) {
                diff = Math.max(diff, Math.abs(ev[i] - av[i]));
            }
            assertTrue(
                    diff <= tolerance * scale,
                    label + ": output " + k + " differs from Synapse's by " + diff + " (scale " + scale + ")");
            worst = Math.max(worst, diff);
        }
        System.out.printf("ONNX export %s: largest |ONNX Runtime - Synapse| = %.3g%n", label, worst);
        return worst;
    }

    /**
     * With {@code -Dsynapse.onnx.dump=DIR}, keeps each exported file as {@code DIR/label.onnx}, for
     * checking them with other tools ({@code onnx.checker}).
     */
    private static void dump(String label, byte[] bytes) {
        String dir = System.getProperty("synapse.onnx.dump");
        if (dir == null) {
            return;
        }
        try {
            java.nio.file.Path d = java.nio.file.Path.of(dir);
            java.nio.file.Files.createDirectories(d);
            java.nio.file.Files.write(d.resolve(label.replaceAll("[^A-Za-z0-9_.-]+", "_") + ".onnx"), bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void run(
            byte[] bytes,
            Model model,
            List<Tensor> inputs,
            OnnxExportOptions options,
            List<float[]> outputs,
            List<long[]> shapes) {
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions();
                OrtSession session = ENV.createSession(bytes, so)) {
            Map<String, OnnxTensor> feed = new HashMap<>();
            try {
                for (int k = 0; k < inputs.size(); k++) {
                    String name = options.inputNames().isEmpty()
                            ? model.inputs().get(k).layer().name()
                            : options.inputNames().get(k);
                    feed.put(name, tensor(inputs.get(k)));
                }
                try (OrtSession.Result result = session.run(feed)) {
                    for (int k = 0; k < result.size(); k++) {
                        OnnxTensor t = (OnnxTensor) result.get(k);
                        FloatBuffer fb = t.getFloatBuffer();
                        float[] v = new float[fb.remaining()];
                        fb.get(v);
                        outputs.add(v);
                        shapes.add(t.getInfo().getShape());
                    }
                }
            } finally {
                for (OnnxTensor t : feed.values()) {
                    t.close();
                }
            }
        } catch (OrtException e) {
            throw new AssertionError("ONNX Runtime refused the exported model: " + e.getMessage(), e);
        }
    }

    /** The declared shape of the graph's first input ({@code -1} for a symbolic dimension). */
    static long[] firstInputShape(byte[] bytes) {
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions();
                OrtSession session = ENV.createSession(bytes, so)) {
            ai.onnxruntime.TensorInfo info = (ai.onnxruntime.TensorInfo)
                    session.getInputInfo().values().iterator().next().getInfo();
            return info.getShape();
        } catch (OrtException e) {
            throw new AssertionError("ONNX Runtime refused the exported model: " + e.getMessage(), e);
        }
    }

    /** The graph inputs' names in order. */
    static List<String> inputNames(byte[] bytes) {
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions();
                OrtSession session = ENV.createSession(bytes, so)) {
            return List.copyOf(session.getInputNames());
        } catch (OrtException e) {
            throw new AssertionError("ONNX Runtime refused the exported model: " + e.getMessage(), e);
        }
    }

    private static OnnxTensor tensor(Tensor t) throws OrtException {
        long[] shape = new long[t.dims().length];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.dims()[i];
        }
        if (t.dtype() == DType.INT32) {
            int[] v = t.toIntArray();
            return OnnxTensor.createTensor(ENV, IntBuffer.wrap(v), shape);
        }
        return OnnxTensor.createTensor(ENV, FloatBuffer.wrap(t.toFloatArray()), shape);
    }
}
