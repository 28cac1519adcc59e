package dev.synapse.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.io.SafeTensors;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The checks every layer should pass, in the spirit of Keras's {@code layer_test}: it is built by its
 * first call and not before; its outputs have the shapes {@link Layer#outputShapes} predicts, for these
 * inputs and for an unknown batch size; inputs held as strided views give the same outputs; its config
 * rebuilds an equal layer through {@link LayerRegistry} under its registered type name; its weights,
 * written as safetensors and loaded into that rebuilt layer, give the same outputs bit for bit (in
 * training too, for the cases that train); built in float64 it keeps that dtype through config and
 * save; and in float64 its gradients match finite differences ({@link LayerGradCheck}).
 *
 * <p>A {@link Case} is one layer configuration with its inputs; each layer family's test lists its
 * cases in a static {@code harnessCases()}, and {@code LayerHarnessCoverageTest} fails when a
 * registered type has none.
 */
public final class LayerHarness {
    private LayerHarness() {}

    /** A case for a layer made by {@code make}, fed one float input of {@code inputShape} (batch axis first). */
    public static Case of(Supplier<Layer> make, int... inputShape) {
        return new Case(make, List.of(new Input(inputShape.clone(), 0)));
    }

    /** Every check on one float input of {@code inputShape}; returns the layer's output. */
    public static Tensor check(Supplier<Layer> make, int... inputShape) {
        return of(make, inputShape).check();
    }

    /** An input: its shape, and for integer inputs the exclusive upper bound of its values (0 for floats). */
    private record Input(int[] shape, int intBound) {
        Tensor sample(Generator gen) {
            if (intBound == 0) {
                return Tensor.normal(0, 1, gen, shape);
            }
            int[] v = new int[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
            for (int i = 0; i < v.length; i++) {
                v[i] = gen.nextInt(intBound);
            }
            return Tensor.of(v).reshape(shape);
        }

        DType dtype() {
            return intBound == 0 ? DType.FLOAT32 : DType.INT32;
        }
    }

    /** One layer configuration and its inputs; {@link #check()} runs the checks. */
    public static final class Case {
        private final Supplier<Layer> make;
        private final List<Input> inputs;
        private String type;
        private boolean training;
        private String noGradientBecause;
        private String builtWhenMadeBecause;

        private Case(Supplier<Layer> make, List<Input> inputs) {
            this.make = make;
            this.inputs = new ArrayList<>(inputs);
        }

        /** Adds another float input (merge layers, an RNN's initial states). */
        public Case and(int... shape) {
            inputs.add(new Input(shape.clone(), 0));
            return this;
        }

        /** Makes input {@code index} integer, uniform in {@code [0, bound)} (indices for {@code Embedding}). */
        public Case integers(int index, int bound) {
            inputs.set(index, new Input(inputs.get(index).shape(), bound));
            return this;
        }

        /**
         * Also runs the layer in training mode: one training call before the weights are saved (batch
         * statistics move), the saved and the loaded layer compared in training, and the gradient check
         * in training mode, with the global seed fixed before each call so that random layers draw the
         * same masks and noise. A random layer in a training case must draw from the global generator,
         * not from a seed of its own.
         */
        public Case training() {
            this.training = true;
            return this;
        }

        /** Skips the gradient check, saying why the layer has no gradient to check. */
        public Case withoutGradients(String why) {
            this.noGradientBecause = why;
            return this;
        }

        /** The layer is built when made (a functional model, an input), saying why. */
        public Case builtWhenMade(String why) {
            this.builtWhenMadeBecause = why;
            return this;
        }

        /** The registered type name the case stands for, when it differs from the layer's class name (an alias). */
        public Case registeredAs(String typeName) {
            this.type = typeName;
            return this;
        }

        /** The registered type name this case covers. */
        public String type() {
            return type != null ? type : make.get().className();
        }

        /** Runs every check; returns the layer's first output in inference mode. */
        public Tensor check() {
            Names.clearSession();
            Layer layer = make.get();
            String what = toString();
            assertEquals(
                    builtWhenMadeBecause != null,
                    layer.isBuilt(),
                    what
                            + (builtWhenMadeBecause != null
                                    ? " is built when made: " + builtWhenMadeBecause
                                    : " is built before its first call"));
            List<Tensor> xs = sample();
            List<Tensor> ys = layer.applyAll(xs, false);
            assertTrue(layer.isBuilt(), what + " is built by its first call");
            checkShapes(layer, xs, ys, what);
            if (training) {
                checkShapes(layer, xs, layer.applyAll(xs, true), what + " in training");
            }

            Map<String, Object> config = LayerRegistry.serialize(layer);
            Layer copy = LayerRegistry.fromConfig(type(), layer.getConfig());
            assertEquals(layer.getClass(), copy.getClass(), what + ": class rebuilt from its config");
            assertEquals(config.toString(), LayerRegistry.serialize(copy).toString(), what + ": config round trip");

            checkStridedInputs(layer, xs, what);
            checkSaveAndLoad(layer, copy, xs, what);
            if (noGradientBecause == null) {
                // A fresh layer, so that it is built in float64 by its first (float64) call.
                LayerGradCheck.check(make.get(), training, xs.toArray(Tensor[]::new));
            }
            // A layer takes its dtype from its first float input; one made or fed integers alone stays float32.
            if (builtWhenMadeBecause == null && inputDtype().isFloating()) {
                checkFloat64SaveAndLoad(xs, what);
            }
            return ys.get(0);
        }

        private List<Tensor> sample() {
            Generator gen = new Generator(17);
            return inputs.stream().map(in -> in.sample(gen)).toList();
        }

        private static List<int[]> shapes(List<Tensor> xs) {
            return xs.stream().map(Tensor::dims).toList();
        }

        /** The dtype a layer is built for: its first float input's, as {@link Layer#applyAll} decides. */
        private DType inputDtype() {
            return inputs.stream()
                    .map(Input::dtype)
                    .filter(DType::isFloating)
                    .findFirst()
                    .orElse(DType.INT32);
        }

        /**
         * Output shapes as predicted for these inputs, and for inputs of unknown batch size as a functional model sees
         * them.
         */
        private void checkShapes(Layer layer, List<Tensor> xs, List<Tensor> ys, String what) {
            List<int[]> predicted = layer.outputShapes(shapes(xs), inputDtype());
            List<int[]> anyBatch = new ArrayList<>();
            for (int[] s : shapes(xs)) {
                int[] u = s.clone();
                u[0] = Shapes.UNKNOWN;
                anyBatch.add(u);
            }
            List<int[]> symbolic = layer.outputShapes(anyBatch, inputDtype());
            assertEquals(predicted.size(), ys.size(), what + ": number of outputs");
            assertEquals(symbolic.size(), ys.size(), what + ": number of outputs for an unknown batch size");
            for (int i = 0; i < ys.size(); i++) {
                assertEquals(DType.FLOAT32, ys.get(i).dtype(), what + ": float32 inputs give float32 outputs");
                assertArrayEquals(predicted.get(i), ys.get(i).dims(), what + ": shape of output " + i);
                int[] expected = ys.get(i).dims();
                expected[0] = Shapes.UNKNOWN;
                assertArrayEquals(
                        expected, symbolic.get(i), what + ": shape of output " + i + " for an unknown batch size");
            }
        }

        /**
         * Weights are moved off their initial values first (a bias of zeros loaded into a fresh copy
         * proves nothing), and in training cases a training call moves batch statistics as well. In
         * training cases the two layers then also run in training mode from the same seed: options
         * that only act in training (a noise shape, a rate) must survive the config too.
         */
        private void checkSaveAndLoad(Layer layer, Layer copy, List<Tensor> xs, String what) {
            Generator gen = new Generator(23);
            for (Weight w : layer.weights()) {
                w.assign(w.value().add(Tensor.normal(0, 0.1, gen, w.shape()).to(w.dtype())));
            }
            if (training) {
                Synapse.setSeed(5);
                layer.applyAll(xs, true);
            }
            copy.outputShapes(shapes(xs), inputDtype());
            copy.loadStateDict(savedAndRead(layer));
            assertEquals(layer.countParams(), copy.countParams(), what + ": parameters after load");
            assertSameOutputs(
                    layer.applyAll(xs, false), copy.applyAll(xs, false), what + ": after save and load, output ");
            if (training) {
                Synapse.setSeed(6);
                List<Tensor> trained = layer.applyAll(xs, true);
                Synapse.setSeed(6);
                assertSameOutputs(
                        trained, copy.applyAll(xs, true), what + ": in training after save and load, output ");
            }
        }

        /** A layer built in float64 keeps its dtype through its config, and its float64 weights through a save. */
        private void checkFloat64SaveAndLoad(List<Tensor> xs, String what) {
            List<Tensor> xs64 = xs.stream()
                    .map(x -> x.dtype().isFloating() ? x.to(DType.FLOAT64) : x)
                    .toList();
            Layer layer = make.get();
            List<Tensor> ys = layer.applyAll(xs64, false);
            assertEquals(DType.FLOAT64, layer.dtype(), what + ": float64 inputs build float64 weights");
            for (Tensor y : ys) {
                assertEquals(DType.FLOAT64, y.dtype(), what + ": float64 inputs give float64 outputs");
            }
            Layer copy = LayerRegistry.fromConfig(type(), layer.getConfig());
            copy.outputShapes(shapes(xs64), DType.FLOAT64);
            assertEquals(DType.FLOAT64, copy.dtype(), what + ": float64 dtype after the config round trip");
            copy.loadStateDict(savedAndRead(layer));
            List<Tensor> back = copy.applyAll(xs64, false);
            for (int i = 0; i < ys.size(); i++) {
                assertArrayEquals(
                        ys.get(i).toDoubleArray(),
                        back.get(i).toDoubleArray(),
                        what + ": float64 output " + i + " after save and load");
            }
        }

        /** The same values held as strided views (first and last axes swapped in memory) give the same outputs. */
        private static void checkStridedInputs(Layer layer, List<Tensor> xs, String what) {
            List<Tensor> strided = new ArrayList<>();
            for (Tensor x : xs) {
                int last = x.dims().length - 1;
                strided.add(last == 0 ? x : x.transpose(0, last).contiguous().transpose(0, last));
            }
            assertSameOutputs(
                    layer.applyAll(xs, false), layer.applyAll(strided, false), what + ": on strided inputs, output ");
        }

        private static void assertSameOutputs(List<Tensor> expected, List<Tensor> actual, String what) {
            assertEquals(expected.size(), actual.size(), what + "count");
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i).toFloatArray(), actual.get(i).toFloatArray(), what + i);
            }
        }

        @Override
        public String toString() {
            Map<String, Object> config = new LinkedHashMap<>(make.get().getConfig());
            config.remove("name");
            String shapes = inputs.stream()
                    .map(in -> Arrays.toString(in.shape()) + (in.intBound() > 0 ? " int" : ""))
                    .collect(Collectors.joining(", "));
            return type() + config + " on " + shapes;
        }
    }

    /** The layer's weights written as safetensors and read back. */
    private static Map<String, Tensor> savedAndRead(Layer layer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            SafeTensors.write(out, layer.stateDict(), Map.of());
            return SafeTensors.read(out.toByteArray(), layer.name() + "'s weights")
                    .tensors();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
