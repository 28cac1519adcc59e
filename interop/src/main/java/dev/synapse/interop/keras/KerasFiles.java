package dev.synapse.interop.keras;

import dev.synapse.io.AtomicFiles;
import dev.synapse.io.CorruptFileException;
import dev.synapse.io.Json;
import dev.synapse.nn.ExpectedWeights;
import dev.synapse.nn.Layer;
import dev.synapse.nn.LayerRegistry;
import dev.synapse.nn.Model;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.Weight;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Keras's model files: {@code .keras} (Keras 3's zip of {@code config.json}, {@code metadata.json} and
 * {@code model.weights.h5}) and the legacy HDF5 {@code .h5} (Keras 2 and {@code tf.keras}, and Keras 3's
 * {@code model.save("m.h5")}), read into a Synapse {@link Model} with its weights
 * ({@code keras.saving.load_model(path, compile=False)}), and models written as {@code .keras} files that
 * {@code keras.saving.load_model} reads ({@code model.save("m.keras")}).
 *
 * <p>Files are data: the format is told by its first bytes, the zip's entries and sizes are bounded, each
 * weight's type and size is checked against the file before it is read, layers are built only through
 * {@link LayerRegistry} with each weight's shape matched to a tensor of the file before it is allocated,
 * a {@code Lambda} (Python code) is refused as Keras's {@code safe_mode} refuses it, and any malformed
 * content is one {@link CorruptFileException} naming the file and the entry. Compile settings and the
 * optimizer's state are restored where Synapse has the optimizer, loss and metrics ({@link #load(Path, boolean)}),
 * and written by {@link #save} where Keras has them.
 */
public final class KerasFiles {
    static final String CONFIG = "config.json";
    static final String METADATA = "metadata.json";
    static final String WEIGHTS = "model.weights.h5";

    private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    /** Integers of a config beyond this (and beyond the file's weight count) are refused before building. */
    private static final long MIN_SIZE_LIMIT = 1L << 24;

    private KerasFiles() {}

    /**
     * Reads a {@code .keras} or legacy {@code .h5} file saved by Keras into a built model with Keras's weights,
     * compiled as Keras compiled it with the optimizer's state restored, so that {@code fit} continues where Keras
     * stopped ({@code keras.saving.load_model(path)}); see {@link #load(Path, boolean)}.
     *
     * @throws CorruptFileException when the file is not a Keras model file, is malformed, or holds a layer
     *     or argument Synapse does not have (the message names the file, the entry and the value)
     */
    public static Model load(Path file) throws IOException {
        return load(file, true);
    }

    /**
     * Reads a Keras model file ({@code keras.saving.load_model(path, compile=compile)}). With {@code compile}, the
     * file's compile settings (optimizer, loss, metrics) are applied and the optimizer's iteration count, learning
     * rate and slots restored; settings Synapse cannot rebuild (another optimizer, a learning-rate schedule, a custom
     * loss or metric) leave the model uncompiled with a logged warning, as Keras warns.
     *
     * @throws CorruptFileException when the file is not a Keras model file, is malformed, or holds a layer
     *     or argument Synapse does not have (the message names the file, the entry and the value)
     */
    public static Model load(Path file, boolean compile) throws IOException {
        Objects.requireNonNull(file, "file");
        String source = file.toString();
        byte[] head = new byte[8];
        int got;
        try (InputStream in = Files.newInputStream(file)) {
            got = in.readNBytes(head, 0, head.length);
        }
        if (got >= 4 && Arrays.equals(Arrays.copyOf(head, 4), ZIP_MAGIC)) {
            return loadKeras(file, source, compile);
        }
        if (got == 8 && Arrays.equals(head, HDF5_MAGIC)) {
            return loadLegacy(file, source, compile);
        }
        throw new CorruptFileException(source + ": neither a .keras file (zip) nor an HDF5 .h5 file (first bytes "
                + Arrays.toString(Arrays.copyOf(head, got)) + ")");
    }

    private static Model loadKeras(Path file, String source, boolean compile) throws IOException {
        Map<String, byte[]> entries = KerasZip.read(file, source);
        byte[] configBytes = entries.get(CONFIG);
        byte[] weightBytes = entries.get(WEIGHTS);
        if (configBytes == null || weightBytes == null) {
            throw new CorruptFileException(source + ": a .keras file holds " + CONFIG + " and " + WEIGHTS
                    + "; this one holds " + entries.keySet());
        }
        Map<String, Object> keras = parse(configBytes, source + "!" + CONFIG);
        Map<String, Object> synapse = translate(keras, source + "!" + CONFIG);
        String where = source + "!" + WEIGHTS;
        List<Slot> slots = new ArrayList<>();
        KerasCompile.Settings settings =
                compile ? KerasCompile.read(keras.get("compile_config"), "optimizer", source + "!" + CONFIG) : null;
        List<Tensor> optimizerVars = List.of();
        try (HdfFile h5 = HdfFile.fromBytes(weightBytes)) {
            kerasSlots(synapse, h5, weightBytes.length, slots);
            if (settings != null) {
                optimizerVars = Hdf5Weights.optimizerVars(h5, weightBytes.length);
            }
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            throw new CorruptFileException(where + ": " + message(e), e);
        }
        Model model = build(synapse, slots, source);
        if (settings != null) {
            KerasCompile.apply(model, settings, optimizerVars, where + "!optimizer/vars");
        }
        return model;
    }

    /**
     * The layers of a {@code .keras} file's model that hold weights, each with its variables.
     */
    private static void kerasSlots(Map<String, Object> model, HdfFile h5, long size, List<Slot> out) {
        for (Leaf leaf : leaves(model)) {
            out.add(new Slot(leaf.names(), leaf.config(), Hdf5Weights.kerasVars(h5, leaf.path(), size), false));
        }
    }

    /**
     * A layer that is not a model, with the names of the models holding it, its group in a {@code .keras} weights
     * file and its config.
     */
    private record Leaf(List<String> names, String path, Map<String, Object> config) {}

    /**
     * The layers of {@code model} that are not models themselves, nested models' included: Keras groups a layer's
     * variables under {@code layers/<class path>/vars}, a nested model's layers under
     * {@code layers/<its class path>/layers/...}, named by class in each model's own layer order.
     */
    private static List<Leaf> leaves(Map<String, Object> model) {
        List<Leaf> out = new ArrayList<>();
        leaves(model, List.of(), "", out);
        return out;
    }

    private static void leaves(Map<String, Object> model, List<String> outer, String prefix, List<Leaf> out) {
        List<Map<String, Object>> configs = layerConfigs(model);
        List<String> paths = KerasConfigs.weightPaths(
                configs.stream().map(c -> String.valueOf(c.get("class_name"))).toList());
        for (int i = 0; i < configs.size(); i++) {
            Map<String, Object> c = configs.get(i);
            List<String> names = new ArrayList<>(outer);
            names.add(layerName(c));
            String path = prefix + paths.get(i);
            if (isModel(c)) {
                leaves(c, names, path + "/layers/", out);
            } else {
                out.add(new Leaf(names, path, c));
            }
        }
    }

    /**
     * A layer of the model holding weights of the file: its name and those of the models holding it (outermost
     * first), its config, the file's tensors for it, and whether it is a whole nested model whose tensors come in
     * Keras's legacy order (every trainable weight, then every other).
     */
    private record Slot(List<String> names, Map<String, Object> config, List<Tensor> tensors, boolean nested) {}

    private static boolean isModel(Map<String, Object> config) {
        Object cls = config.get("class_name");
        return "Sequential".equals(cls) || "Functional".equals(cls);
    }

    private static String layerName(Map<String, Object> config) {
        return String.valueOf(
                KerasConfigs.asMap(config.get("config"), "layer config").get("name"));
    }

    private static Model loadLegacy(Path file, String source, boolean compile) throws IOException {
        long size = Files.size(file);
        try (HdfFile h5 = new HdfFile(file)) {
            String configText;
            Map<String, Object> synapse;
            try {
                configText = Hdf5Weights.string(h5, "model_config");
            } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                throw new CorruptFileException(source + "!model_config: " + message(e), e);
            }
            if (configText == null) {
                throw new CorruptFileException(source + ": an HDF5 file without the attribute 'model_config' holds "
                        + "weights alone (save_weights); Synapse reads whole models");
            }
            synapse = translate(
                    parse(configText.getBytes(StandardCharsets.UTF_8), source + "!model_config"),
                    source + "!model_config");
            List<Slot> slots = new ArrayList<>();
            String where = source + "!model_weights";
            try {
                Node mw = Hdf5Weights.child(h5, "model_weights");
                if (!(mw instanceof Group group)) {
                    throw new IllegalArgumentException("no group 'model_weights'");
                }
                // A nested model's weights sit in one group under its name, listed as Keras's legacy saving lists them.
                for (Map<String, Object> c : layerConfigs(synapse)) {
                    String name = KerasConfigs.checkName(layerName(c), "layer");
                    slots.add(new Slot(List.of(name), c, Hdf5Weights.legacyVars(group, name, size), isModel(c)));
                }
            } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                throw new CorruptFileException(where + ": " + message(e), e);
            }
            Model model = build(synapse, slots, source);
            if (compile) {
                compileLegacy(model, h5, size, source);
            }
            return model;
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            throw new CorruptFileException(source + ": not a readable HDF5 file: " + message(e), e);
        }
    }

    /** A legacy file's {@code training_config} and {@code optimizer_weights}, applied when Synapse can rebuild them. */
    private static void compileLegacy(Model model, HdfFile h5, long size, String source) throws CorruptFileException {
        String text;
        try {
            text = Hdf5Weights.string(h5, "training_config");
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            throw new CorruptFileException(source + "!training_config: " + message(e), e);
        }
        if (text == null) {
            return;
        }
        String where = source + "!training_config";
        KerasCompile.Settings settings =
                KerasCompile.read(parse(text.getBytes(StandardCharsets.UTF_8), where), "optimizer_config", where);
        if (settings == null) {
            return;
        }
        List<Tensor> vars;
        try {
            vars = Hdf5Weights.legacyOptimizerVars(h5, size);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            throw new CorruptFileException(source + "!optimizer_weights: " + message(e), e);
        }
        KerasCompile.apply(model, settings, vars, source + "!optimizer_weights");
    }

    private static Map<String, Object> parse(byte[] bytes, String where) throws CorruptFileException {
        try {
            return Json.parseObject(new String(bytes, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new CorruptFileException(where + ": not a JSON object: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> translate(Map<String, Object> keras, String where) throws CorruptFileException {
        try {
            return KerasConfigs.toSynapse(keras);
        } catch (RuntimeException | StackOverflowError e) {
            throw new CorruptFileException(where + ": " + message(e), e);
        }
    }

    private static List<Map<String, Object>> layerConfigs(Map<String, Object> synapse) {
        Object cls = synapse.get("class_name");
        if (!"Sequential".equals(cls) && !"Functional".equals(cls)) {
            return List.of(synapse);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o :
                KerasConfigs.asList(KerasConfigs.map(synapse, "config", "model").get("layers"), "layers")) {
            out.add(KerasConfigs.asMap(o, "layer"));
        }
        return out;
    }

    /** Builds the model, checks every layer's arguments and weights against the file, then assigns them. */
    private static Model build(Map<String, Object> synapse, List<Slot> slots, String source)
            throws CorruptFileException {
        List<int[]> shapes = new ArrayList<>();
        long elements = 0;
        for (Slot slot : slots) {
            for (Tensor t : slot.tensors()) {
                shapes.add(t.dims());
                elements += t.size();
            }
        }
        String where = source + "!config";
        Layer built;
        try {
            checkSizes(synapse, Math.max(MIN_SIZE_LIMIT, elements), "model");
            built = ExpectedWeights.during(shapes, () -> LayerRegistry.fromConfig(synapse));
        } catch (RuntimeException | StackOverflowError e) {
            throw new CorruptFileException(where + ": cannot build the model: " + message(e), e);
        } catch (OutOfMemoryError e) {
            throw new CorruptFileException(
                    where + ": the model needs more memory than is available "
                            + "(sizes in the config are implausible)",
                    e);
        }
        if (!(built instanceof Model model)) {
            throw new CorruptFileException(where + ": holds a single " + built.className() + ", not a model");
        }
        List<Runnable> assignments = new ArrayList<>();
        for (Slot slot : slots) {
            Layer layer;
            try {
                layer = find(model, slot.names());
                if (!slot.nested()) {
                    KerasConfigs.checkArguments(layer, slot.config());
                }
            } catch (RuntimeException e) {
                throw new CorruptFileException(where + ": " + message(e), e);
            }
            List<Weight> own = new ArrayList<>();
            if (slot.nested()) {
                own.addAll(layer.trainableWeights());
                own.addAll(layer.nonTrainableWeights());
            } else {
                own.addAll(layer.weights());
            }
            List<Tensor> file = slot.tensors();
            String what = "layer '" + String.join("/", slot.names()) + "' (" + layer.className() + ")";
            if (own.size() != file.size()) {
                throw new CorruptFileException(source + ": " + what + " has " + own.size()
                        + " weights but the file holds " + file.size() + " for it");
            }
            for (int j = 0; j < own.size(); j++) {
                Weight w = own.get(j);
                Tensor t = file.get(j);
                if (!Arrays.equals(w.shape(), t.dims())) {
                    throw new CorruptFileException(source + ": weight " + j + " of " + what + " (" + w.path() + ") is "
                            + Shape.format(w.shape()) + " in the model but " + t.shape() + " in the file");
                }
                Tensor value = t.dtype() == w.dtype() ? t : t.to(w.dtype());
                assignments.add(() -> w.assign(value));
            }
        }
        // Every weight was checked before the first is changed.
        assignments.forEach(Runnable::run);
        return model;
    }

    /** The layer at {@code names} (a model's layer, a nested model's layer, ...). */
    private static Layer find(Model model, List<String> names) {
        Layer layer = model;
        for (String name : names) {
            if (!(layer instanceof Model m)) {
                throw new IllegalArgumentException("layer '" + layer.name() + "' holds no layer '" + name
                        + "': it is a " + layer.className() + ", not a model");
            }
            layer = m.getLayer(name);
        }
        return layer;
    }

    /** Refuses integers no real config holds, before any layer is built with them. */
    private static void checkSizes(Object v, long limit, String path) {
        if (v instanceof Long l) {
            if (l > limit || l < -limit) {
                throw new IllegalArgumentException(path + " is " + l + ", an implausible size for a model whose "
                        + "weights hold " + limit + " values at most");
            }
        } else if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!"seed".equals(e.getKey())) {
                    checkSizes(e.getValue(), limit, path + "." + e.getKey());
                }
            }
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                checkSizes(l.get(i), limit, path + "[" + i + "]");
            }
        }
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        if (m != null && (e instanceof IllegalArgumentException || e instanceof IllegalStateException)) {
            return m;
        }
        return "malformed content (" + e.getClass().getSimpleName() + (m == null ? "" : ": " + m) + ")";
    }

    // ---- writing ---------------------------------------------------------------------------------

    /** Shape (batch axis null) and dtype of the tensor a functional config refers to, as Keras writes them. */
    private static Map<String, Object> tensorInfo(Model model, List<?> ref) {
        Layer layer = model.getLayer(String.valueOf(ref.get(0)));
        SymbolicTensor t = layer.inboundNodes()
                .get(((Number) ref.get(1)).intValue())
                .outputs()
                .get(((Number) ref.get(2)).intValue());
        List<@Nullable Object> shape = new ArrayList<>();
        for (int d : t.shape()) {
            shape.add(d < 0 ? null : d);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shape", shape);
        m.put("dtype", t.dtype().toString());
        return m;
    }

    /**
     * Writes {@code model} (a {@link Sequential} or functional {@link Model} of Keras's built-in layers, models nested
     * in it included) as a {@code .keras} file that {@code keras.saving.load_model} reads
     * ({@code model.save("m.keras")}); the write is atomic. A compiled model's settings and optimizer state are written
     * as Keras writes them where Keras has the optimizer, loss and metrics ({@link KerasCompileWriter}).
     *
     * @throws IllegalArgumentException when the model holds a layer Keras cannot rebuild (a Lambda, a Divide) or an
     *     argument Keras's layer does not take
     */
    public static void save(Model model, Path file) throws IOException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(file, "file");
        Map<String, Object> synapse = LayerRegistry.serialize(model);
        Map<String, Object> keras =
                KerasConfigs.toKeras(synapse, (scope, ref) -> tensorInfo((Model) find(model, scope), ref));
        List<String> paths = new ArrayList<>();
        List<List<Tensor>> weights = new ArrayList<>();
        for (Leaf leaf : leaves(synapse)) {
            Layer l = find(model, leaf.names());
            if (l.className().equals("Lambda")) {
                throw new IllegalArgumentException(
                        "layer '" + l.name() + "' is a Lambda: Keras cannot rebuild Java code");
            }
            paths.add(leaf.path());
            weights.add(l.weights().stream().map(Weight::value).toList());
        }
        KerasCompileWriter.Saved compiled = KerasCompileWriter.of(model, file.toString());
        if (compiled != null) {
            keras.put("compile_config", compiled.compileConfig());
        }
        Path h5 = Files.createTempFile("synapse-keras", ".h5");
        try {
            Hdf5Weights.writeKeras(h5, paths, weights, compiled);
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("keras_version", "3.15.1");
            metadata.put("date_saved", java.time.Instant.now().toString());
            byte[] config = Json.write(keras).getBytes(StandardCharsets.UTF_8);
            byte[] meta = Json.write(metadata).getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(file, out -> {
                ZipOutputStream zip = new ZipOutputStream(out);
                zip.putNextEntry(new ZipEntry(METADATA));
                zip.write(meta);
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(CONFIG));
                zip.write(config);
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(WEIGHTS));
                Files.copy(h5, zip);
                zip.closeEntry();
                zip.finish();
            });
        } finally {
            Files.deleteIfExists(h5);
        }
    }
}
