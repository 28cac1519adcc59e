package dev.synapse.io;

import dev.synapse.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The contents of a Synapse model file or checkpoint: one zip (as Keras 3's {@code .keras} file)
 * holding
 * <ul>
 *   <li>{@code synapse.json}: format name and version;</li>
 *   <li>{@code model.json}: the architecture, {@code {"class_name", "config"}} of the model with every
 *       layer's config and the functional graph (absent for a checkpoint of a module without one);</li>
 *   <li>{@code model.safetensors}: every weight, trainable or not, by dotted path
 *       ({@code dense_1.kernel}, {@code encoder.conv2d.bias});</li>
 *   <li>{@code compile.json}: optimizer, loss and metrics (optional);</li>
 *   <li>{@code optimizer.safetensors}: the optimizer's slots by weight path and slot name, with the
 *       iteration count and learning rate in its metadata (optional);</li>
 *   <li>{@code training.json} and {@code training.safetensors}: where training stands, for resuming
 *       (checkpoints only).</li>
 * </ul>
 * Reading checks the container (see {@link SafeZip}), each safetensors part and each JSON part
 * before anything is built; problems are {@link CorruptFileException}s naming the file.
 */
public final class ModelArchive {
    /** The format name in {@code synapse.json}. */
    public static final String FORMAT = "synapse-model";
    /** The version written; files of a later version are refused. */
    public static final int VERSION = 1;
    /** JSON parts larger than this are refused before parsing. */
    public static final int MAX_JSON_BYTES = 16 << 20;

    /** The entry that names the format and its version. */
    public static final String INFO = "synapse.json";
    /** The entry holding the model's config (what {@code Layer.getConfig} gives), for rebuilding it. */
    public static final String ARCHITECTURE = "model.json";
    /** The entry holding the weights by path. */
    public static final String WEIGHTS = "model.safetensors";
    /** The entry holding the compile settings. */
    public static final String COMPILE = "compile.json";
    /** The entry holding the optimizer's slots. */
    public static final String OPTIMIZER = "optimizer.safetensors";
    /** The entry holding where training stands (checkpoints only). */
    public static final String TRAINING = "training.json";
    /** The entry holding training's tensors (checkpoints only). */
    public static final String TRAINING_TENSORS = "training.safetensors";

    private static final Set<String> NAMES =
            Set.of(INFO, ARCHITECTURE, WEIGHTS, COMPILE, OPTIMIZER, TRAINING, TRAINING_TENSORS);

    private @Nullable Map<String, Object> architecture;
    private Map<String, Tensor> weights = new LinkedHashMap<>();
    private @Nullable Map<String, Object> compile;
    private @Nullable Map<String, Tensor> optimizerSlots;
    private Map<String, String> optimizerMetadata = new LinkedHashMap<>();
    private @Nullable Map<String, Object> training;
    private Map<String, Tensor> trainingTensors = new LinkedHashMap<>();

    /** An empty archive; fill it with the setters. */
    public ModelArchive() {}

    public @Nullable Map<String, Object> architecture() {
        return architecture;
    }

    public ModelArchive architecture(Map<String, Object> value) {
        this.architecture = value;
        return this;
    }

    public Map<String, Tensor> weights() {
        return weights;
    }

    public ModelArchive weights(Map<String, Tensor> value) {
        this.weights = new LinkedHashMap<>(value);
        return this;
    }

    public @Nullable Map<String, Object> compile() {
        return compile;
    }

    public ModelArchive compile(Map<String, Object> value) {
        this.compile = value;
        return this;
    }

    /** Optimizer slots by {@code <weight path>/<slot>}, or null when none were saved. */
    public @Nullable Map<String, Tensor> optimizerSlots() {
        return optimizerSlots;
    }

    /** Iteration count and learning rate of the optimizer, as strings. */
    public Map<String, String> optimizerMetadata() {
        return optimizerMetadata;
    }

    public ModelArchive optimizer(@Nullable Map<String, Tensor> slots, @Nullable Map<String, String> metadata) {
        this.optimizerSlots = slots == null ? null : new LinkedHashMap<>(slots);
        this.optimizerMetadata = metadata == null ? new LinkedHashMap<>() : new LinkedHashMap<>(metadata);
        return this;
    }

    /** The training state of a checkpoint, or null for a plain model file. */
    public @Nullable Map<String, Object> training() {
        return training;
    }

    /** Tensors of the training state (callbacks' snapshots), by name. */
    public Map<String, Tensor> trainingTensors() {
        return trainingTensors;
    }

    public ModelArchive training(Map<String, Object> state, @Nullable Map<String, Tensor> tensors) {
        this.training = state;
        this.trainingTensors = tensors == null ? new LinkedHashMap<>() : new LinkedHashMap<>(tensors);
        return this;
    }

    // ---- writing ---------------------------------------------------------------------------------

    /** Writes the archive atomically: a crash during the write leaves the previous file as it was. */
    public void write(Path file) throws IOException {
        List<SafeZip.Entry> entries = entries();
        AtomicFiles.write(file, out -> SafeZip.write(out, entries));
    }

    /** The archive's bytes. */
    public byte[] toBytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeZip.write(out, entries());
        return out.toByteArray();
    }

    private List<SafeZip.Entry> entries() throws IOException {
        List<SafeZip.Entry> e = new ArrayList<>();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("format", FORMAT);
        info.put("version", VERSION);
        info.put("kind", training != null ? "checkpoint" : "model");
        e.add(json(INFO, info));
        if (architecture != null) {
            e.add(json(ARCHITECTURE, architecture));
        }
        e.add(new SafeZip.Entry(WEIGHTS, safetensors(weights, Map.of("format", "synapse")), false));
        if (compile != null) {
            e.add(json(COMPILE, compile));
        }
        if (optimizerSlots != null) {
            e.add(new SafeZip.Entry(OPTIMIZER, safetensors(optimizerSlots, optimizerMetadata), false));
        }
        if (training != null) {
            e.add(json(TRAINING, training));
            e.add(new SafeZip.Entry(TRAINING_TENSORS, safetensors(trainingTensors, Map.of()), false));
        }
        return e;
    }

    private static SafeZip.Entry json(String name, Map<String, Object> value) {
        return new SafeZip.Entry(name, Json.write(value).getBytes(StandardCharsets.UTF_8), true);
    }

    private static byte[] safetensors(Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(out, tensors, metadata);
        return out.toByteArray();
    }

    // ---- reading ---------------------------------------------------------------------------------

    /**
     * Reads and checks a model file or checkpoint ({@code keras.models.load_model}'s first half). The
     * file is read in pieces: the zip directory first, then each part as a stream of its declared
     * size, so memory follows what the headers declare (and the checks allow), not the file's size.
     */
    public static ModelArchive read(Path file) throws IOException {
        try (ByteSource src = ByteSource.open(file, "model file")) {
            return read(src, file.toString());
        }
    }

    /** Reads and checks archive bytes; {@code source} names them in errors. */
    public static ModelArchive read(byte[] bytes, String source) throws CorruptFileException {
        try {
            return read(ByteSource.of(bytes), source);
        } catch (CorruptFileException e) {
            throw e;
        } catch (IOException e) {
            throw new CorruptFileException(source + ": " + e.getMessage(), e);
        }
    }

    private static ModelArchive read(ByteSource src, String source) throws IOException {
        try {
            return parse(src, source);
        } catch (RuntimeException e) {
            // Every check above should have caught the problem; never let a raw runtime exception out.
            throw new CorruptFileException(source + ": unreadable (" + e + ")", e);
        }
    }

    private static ModelArchive parse(ByteSource src, String source) throws IOException {
        // Stored parts cannot be larger than the file; deflated ones are JSON, bounded by MAX_JSON_BYTES.
        long limit = src.size() + MAX_JSON_BYTES;
        Map<String, SafeZip.Located> parts = new LinkedHashMap<>();
        for (SafeZip.Located e :
                SafeZip.directory(src, source, new SafeZip.Limits(NAMES, NAMES.size(), limit, limit))) {
            parts.put(e.name(), e);
        }
        if (!parts.containsKey(INFO)) {
            throw new CorruptFileException(source + ": not a Synapse model file (no " + INFO + ")");
        }
        Map<String, Object> info = json(src, parts.get(INFO), INFO, source);
        if (!FORMAT.equals(info.get("format"))) {
            throw new CorruptFileException(
                    source + ": " + INFO + " names the format " + info.get("format") + ", not " + FORMAT);
        }
        if (!(info.get("version") instanceof Long version)) {
            throw new CorruptFileException(source + ": " + INFO + ": 'version' should be an integer but is "
                    + (info.get("version") == null ? "nothing" : info.get("version")));
        }
        if (version < 1 || version > VERSION) {
            throw new CorruptFileException(source + ": format version " + version
                    + "; this Synapse reads versions 1 to " + VERSION + " (written by a newer Synapse?)");
        }
        if (!parts.containsKey(WEIGHTS)) {
            throw new CorruptFileException(source + ": has no " + WEIGHTS);
        }
        if (parts.containsKey(TRAINING) != parts.containsKey(TRAINING_TENSORS)) {
            throw new CorruptFileException(
                    source + ": a checkpoint needs both " + TRAINING + " and " + TRAINING_TENSORS);
        }
        ModelArchive a = new ModelArchive();
        // JSON parts first: they are small, and a bad one is refused before any tensor is allocated.
        if (parts.containsKey(ARCHITECTURE)) {
            a.architecture = json(src, parts.get(ARCHITECTURE), ARCHITECTURE, source);
        }
        if (parts.containsKey(COMPILE)) {
            a.compile = json(src, parts.get(COMPILE), COMPILE, source);
        }
        if (parts.containsKey(TRAINING)) {
            a.training = json(src, parts.get(TRAINING), TRAINING, source);
        }
        a.weights = tensors(src, parts.get(WEIGHTS), source).tensors();
        if (parts.containsKey(OPTIMIZER)) {
            SafeTensors.Contents c = tensors(src, parts.get(OPTIMIZER), source);
            a.optimizerSlots = c.tensors();
            a.optimizerMetadata = c.metadata();
        }
        if (parts.containsKey(TRAINING_TENSORS)) {
            a.trainingTensors =
                    tensors(src, parts.get(TRAINING_TENSORS), source).tensors();
        }
        return a;
    }

    private static SafeTensors.Contents tensors(ByteSource src, SafeZip.Located part, String source)
            throws IOException {
        try (var in = SafeZip.open(src, part, source)) {
            return SafeTensors.read(in, part.size(), source + "!" + part.name());
        }
    }

    private static Map<String, Object> json(ByteSource src, SafeZip.Located part, String name, String source)
            throws IOException {
        if (part.size() > MAX_JSON_BYTES) {
            throw new CorruptFileException(
                    source + ": " + name + " is " + part.size() + " bytes, more than " + MAX_JSON_BYTES);
        }
        byte[] b;
        try (var in = SafeZip.open(src, part, source)) {
            b = in.readNBytes((int) part.size());
        }
        return json(b, name, source);
    }

    private static Map<String, Object> json(byte[] b, String name, String source) throws CorruptFileException {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CorruptFileException(source + ": " + name + " is not UTF-8 text");
        }
        try {
            return Json.parseObject(text);
        } catch (Json.JsonException e) {
            throw new CorruptFileException(source + ": " + name + ": " + e.getMessage());
        }
    }
}
