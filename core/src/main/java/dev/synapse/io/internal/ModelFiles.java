package dev.synapse.io.internal;

import dev.synapse.io.CorruptFileException;
import dev.synapse.io.ModelArchive;
import dev.synapse.losses.Loss;
import dev.synapse.metrics.Metric;
import dev.synapse.nn.ExpectedWeights;
import dev.synapse.nn.Layer;
import dev.synapse.nn.LayerRegistry;
import dev.synapse.nn.Weight;
import dev.synapse.optim.Optimizer;
import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Whole-model files: architecture, weights, compile settings and optimizer state in one
 * {@link ModelArchive} ({@code model.save("m.keras")} and {@code keras.models.load_model}; PyTorch's
 * {@code torch.save(model)} without pickle). {@code Model.save}/{@code Model.load} call this.
 *
 * <p>Loading is safe: layer types come from {@link LayerRegistry} (a {@code Lambda} or custom layer
 * loads only when the caller registered it, as Keras's {@code safe_mode}), sizes in the config are
 * bounded before the model is built, each weight the config implies must have the shape of a tensor
 * of the file before it is allocated ({@link ExpectedWeights}), the rebuilt model's weights must
 * match the file's names, shapes and dtypes exactly, and every failure is a
 * {@link CorruptFileException}.
 */
public final class ModelFiles {
    /** Integers in a config larger than this (and than the file's weight count) are refused before building. */
    static final long MIN_SIZE_LIMIT = 1L << 24;

    private ModelFiles() {}

    /** A loaded model and its compile settings (parts not saved are null; metrics may be empty). */
    public record Loaded(Layer model, CompileConfigs.Settings compile) {}

    /** The archive of {@code model}: architecture, weights, and when given the compile settings and optimizer state. */
    public static ModelArchive archive(
            Layer model,
            @Nullable Optimizer optimizer,
            @Nullable Loss loss,
            @Nullable List<Metric> metrics,
            boolean includeOptimizer) {
        ModelArchive a = new ModelArchive();
        a.architecture(LayerRegistry.serialize(model));
        a.weights(model.stateDict());
        if (optimizer != null || loss != null) {
            a.compile(CompileConfigs.write(optimizer, loss, metrics));
        }
        if (includeOptimizer && optimizer != null) {
            writeOptimizer(a, optimizer, model.trainableVariables(), model.stateDict());
        }
        return a;
    }

    /** Saves {@code model} to {@code file} atomically. */
    public static void save(
            Layer model,
            Path file,
            @Nullable Optimizer optimizer,
            @Nullable Loss loss,
            @Nullable List<Metric> metrics,
            boolean includeOptimizer)
            throws IOException {
        archive(model, optimizer, loss, metrics, includeOptimizer).write(file);
    }

    /** Loads a model file (or the model inside a checkpoint). */
    public static Loaded load(Path file) throws IOException {
        ModelArchive archive;
        try {
            archive = ModelArchive.read(file);
        } catch (CorruptFileException e) {
            String name = String.valueOf(file.getFileName()).toLowerCase(java.util.Locale.ROOT);
            boolean foreign = Stream.of(".keras", ".h5", ".hdf5", ".onnx").anyMatch(name::endsWith);
            if (foreign && e.getMessage() != null && e.getMessage().contains("not a Synapse model file")) {
                throw new CorruptFileException(
                        e.getMessage() + "; a Keras (.keras, .h5) or ONNX file loads with"
                                + " Model.load once module synapse-interop (dev.synapse:synapse-interop) is on the class path",
                        e);
            }
            throw e;
        }
        return load(archive, file.toString());
    }

    /**
     * Rebuilds the model of an archive, fills its weights and rebuilds its compile settings; when the
     * optimizer was saved with its state, that state is restored into the new optimizer.
     */
    public static Loaded load(ModelArchive a, String source) throws CorruptFileException {
        if (a.architecture() == null) {
            throw new CorruptFileException(source + ": holds weights and training state but no architecture "
                    + "(a checkpoint of a TrainingModule): rebuild the module and resume with "
                    + "Trainer.fit(..., ckptPath)");
        }
        Layer model = rebuild(a.architecture(), a.weights(), source);
        fillExactly(model, a.weights(), source);
        CompileConfigs.Settings settings = a.compile() == null
                ? new CompileConfigs.Settings(null, null, List.of())
                : CompileConfigs.read(a.compile(), source + "!" + ModelArchive.COMPILE);
        if (settings.optimizer() != null && a.optimizerSlots() != null) {
            restoreOptimizer(a, settings.optimizer(), model.trainableVariables(), model.stateDict(), source);
        }
        return new Loaded(model, settings);
    }

    /** A new model from its serialized config, built, with fresh weights; failures are CorruptFileExceptions. */
    static Layer rebuild(Map<String, Object> architecture, Map<String, Tensor> weights, String source)
            throws CorruptFileException {
        long elements = 0;
        for (Tensor t : weights.values()) {
            elements += t.size();
        }
        String where = source + "!" + ModelArchive.ARCHITECTURE;
        checkSizes(architecture, Math.max(MIN_SIZE_LIMIT, elements), where, "config");
        List<int[]> shapes = new ArrayList<>();
        for (Tensor t : weights.values()) {
            shapes.add(t.dims());
        }
        try {
            // Each weight the config implies is matched with a tensor of the file before it is allocated.
            return ExpectedWeights.during(shapes, () -> LayerRegistry.fromConfig(architecture));
        } catch (RuntimeException | StackOverflowError e) {
            throw new CorruptFileException(where + ": cannot rebuild the model: " + message(e), e);
        } catch (OutOfMemoryError e) {
            throw new CorruptFileException(
                    where + ": the architecture needs more memory than is available "
                            + "(sizes in the config are implausible)",
                    e);
        }
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        if (m != null
                && (e instanceof IllegalArgumentException
                        || e instanceof IllegalStateException
                        || e instanceof UnsupportedOperationException)) {
            return m;
        }
        // ClassCastException and the like: a value of the wrong kind somewhere in the config.
        return "a value of the wrong type or size (" + e.getClass().getSimpleName() + (m == null ? "" : ": " + m) + ")";
    }

    /** Refuses integers no real config holds, before any layer is built with them. */
    private static void checkSizes(Object v, long limit, String source, String path) throws CorruptFileException {
        if (v instanceof Long l) {
            if (l > limit || l < -limit) {
                throw new CorruptFileException(source + ": " + path + " is " + l + ", an implausible size for a model "
                        + "whose weights hold " + limit + " values at most");
            }
        } else if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!"seed".equals(e.getKey())) {
                    checkSizes(e.getValue(), limit, source, path + "." + e.getKey());
                }
            }
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                checkSizes(l.get(i), limit, source, path + "[" + i + "]");
            }
        }
    }

    /** Assigns every weight from {@code tensors}; names, shapes and dtypes must match exactly. */
    static void fillExactly(Layer model, Map<String, Tensor> tensors, String source) throws CorruptFileException {
        Map<String, Weight> named = model.namedWeights();
        List<String> problems = new ArrayList<>();
        List<Runnable> assignments = new ArrayList<>();
        for (Map.Entry<String, Weight> e : named.entrySet()) {
            Tensor t = tensors.get(e.getKey());
            Weight w = e.getValue();
            if (t == null) {
                problems.add("missing " + e.getKey());
            } else if (!Arrays.equals(t.dims(), e.getValue().shape())
                    || t.dtype() != e.getValue().dtype()) {
                problems.add(e.getKey() + " is " + t.dtype() + " " + t.shape() + " in the file but "
                        + e.getValue().dtype() + " "
                        + dev.synapse.tensor.Shape.format(e.getValue().shape()) + " in the model");
            } else {
                assignments.add(() -> w.assign(t));
            }
        }
        for (String k : tensors.keySet()) {
            if (!named.containsKey(k)) {
                problems.add("unexpected " + k);
            }
        }
        if (!problems.isEmpty()) {
            throw new CorruptFileException(source + ": the weights do not fit the architecture: "
                    + String.join("; ", problems.subList(0, Math.min(8, problems.size())))
                    + (problems.size() > 8 ? "; and " + (problems.size() - 8) + " more" : ""));
        }
        // Every weight was checked before the first is changed.
        assignments.forEach(Runnable::run);
    }

    // ---- optimizer state -----------------------------------------------------------------------

    /**
     * Stores {@code optimizer}'s slots under {@code <weight path>/<slot>} (names rather than positions,
     * so a file says what each tensor is), with its iteration count and learning rate.
     */
    public static void writeOptimizer(
            ModelArchive a, Optimizer optimizer, List<Tensor> params, Map<String, Tensor> named) {
        List<String> names = paramNames(params, named);
        Map<String, Tensor> slots = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : optimizer.state(params).entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            int index = Integer.parseInt(key.substring(0, dot));
            slots.put(names.get(index) + "/" + key.substring(dot + 1), e.getValue());
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("optimizer", optimizer.name());
        meta.put("iterations", Long.toString(optimizer.iterations()));
        meta.put("learning_rate", Double.toString(optimizer.learningRate()));
        a.optimizer(slots, meta);
    }

    /** Restores what {@link #writeOptimizer} stored into {@code optimizer} for {@code params}. */
    public static void restoreOptimizer(
            ModelArchive a, Optimizer optimizer, List<Tensor> params, Map<String, Tensor> named, String source)
            throws CorruptFileException {
        checkOptimizer(a, optimizer, params, named, source).apply();
    }

    /**
     * Reads the optimizer state of {@code a} and checks all of it against {@code optimizer} and
     * {@code params} (type, slot names, shapes, dtypes, iteration count, rate) without changing
     * anything; {@link OptimizerState#apply()} then restores it.
     */
    public static OptimizerState checkOptimizer(
            ModelArchive a, Optimizer optimizer, List<Tensor> params, Map<String, Tensor> named, String source)
            throws CorruptFileException {
        String where = source + "!" + ModelArchive.OPTIMIZER;
        Map<String, Tensor> slots = a.optimizerSlots();
        if (slots == null) {
            throw new CorruptFileException(where + ": the file holds no optimizer state to restore");
        }
        Map<String, String> meta = a.optimizerMetadata();
        long iterations = parseLong(meta.get("iterations"), "iterations", where);
        double lr = parseDouble(meta.get("learning_rate"), "learning_rate", where);
        if (lr < 0) {
            throw new CorruptFileException(
                    where + ": metadata 'learning_rate' is " + lr + ", a rate cannot be negative");
        }
        String type = meta.get("optimizer");
        if (type != null && !type.equals(optimizer.name())) {
            throw new CorruptFileException(
                    where + ": state of a '" + type + "' optimizer cannot go into '" + optimizer.name() + "'");
        }
        List<String> names = paramNames(params, named);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        Map<String, Tensor> byIndex = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : slots.entrySet()) {
            String key = e.getKey();
            int slash = key.lastIndexOf('/');
            Integer i = slash < 0 ? null : index.get(key.substring(0, slash));
            if (i == null) {
                throw new CorruptFileException(
                        where + ": slot '" + key + "' belongs to no trainable weight of the model");
            }
            byIndex.put(i + "." + key.substring(slash + 1), e.getValue());
        }
        try {
            optimizer.checkState(params, byIndex);
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(
                    where + ": " + e.getMessage() + "; was the checkpoint written for another model?", e);
        }
        // The schedule must give a rate at the saved step: otherwise the first update after restoring would fail.
        double scheduled;
        try {
            scheduled = optimizer.learningRateAt(iterations);
        } catch (IllegalStateException e) {
            throw new CorruptFileException(
                    where + ": metadata 'iterations' is " + iterations + ", a step the optimizer's "
                            + "schedule cannot serve (" + e.getMessage()
                            + "); was the file written with another schedule?",
                    e);
        }
        return new OptimizerState(optimizer, params, byIndex, iterations, scheduled == lr ? Double.NaN : lr);
    }

    /** Optimizer state checked by {@link #checkOptimizer}, ready to restore. */
    public static final class OptimizerState {
        private final Optimizer optimizer;
        private final List<Tensor> params;
        private final Map<String, Tensor> slots;
        private final long iterations;
        /** The saved rate, or NaN where the schedule gives it at the saved step. */
        private final double learningRate;

        private OptimizerState(
                Optimizer optimizer,
                List<Tensor> params,
                Map<String, Tensor> slots,
                long iterations,
                double learningRate) {
            this.optimizer = optimizer;
            this.params = params;
            this.slots = slots;
            this.iterations = iterations;
            this.learningRate = learningRate;
        }

        /** Restores the slots, the iteration count and the rate; every value was checked, so this does not fail. */
        public void apply() {
            optimizer.loadState(params, slots);
            optimizer.setIterations(iterations);
            // Same schedule and step give the same rate; a rate changed during training (ReduceLROnPlateau) is kept.
            if (!Double.isNaN(learningRate)) {
                optimizer.setLearningRate(learningRate);
            }
        }
    }

    private static List<String> paramNames(List<Tensor> params, Map<String, Tensor> named) {
        Map<Tensor, String> byTensor = new IdentityHashMap<>();
        named.forEach((k, t) -> byTensor.putIfAbsent(t, k));
        List<String> out = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) {
            out.add(byTensor.getOrDefault(params.get(i), "param." + i));
        }
        return out;
    }

    static long parseLong(@Nullable String s, String key, String source) throws CorruptFileException {
        try {
            long v = Long.parseLong(s == null ? "" : s);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new CorruptFileException(
                    source + ": metadata '" + key + "' should be a non-negative integer, got " + s);
        }
    }

    static double parseDouble(@Nullable String s, String key, String source) throws CorruptFileException {
        try {
            double v = Double.parseDouble(s == null ? "" : s);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new CorruptFileException(source + ": metadata '" + key + "' should be a finite number, got " + s);
        }
    }
}
