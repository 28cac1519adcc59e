package dev.synapse.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.io.internal.ModelFiles;
import dev.synapse.nn.Input;
import dev.synapse.nn.Model;
import dev.synapse.nn.Names;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.layers.BatchNormalization;
import dev.synapse.nn.layers.Concatenate;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Dropout;
import dev.synapse.optim.Adam;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import dev.synapse.testing.Slow;
import dev.synapse.train.callbacks.EarlyStopping;
import dev.synapse.train.callbacks.ModelCheckpoint;
import dev.synapse.train.keras.Fit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages saved models, checkpoints and safetensors files thousands of times: truncation, flipped
 * bytes, and rewritten contents re-zipped with valid checksums so they reach the parsers behind the
 * container (huge, negative and overlapping sizes and offsets, wrong dtypes, deep nesting, configs
 * with wrong types, missing keys and unknown layer classes, duplicate, foreign and climbing zip
 * entries, zip bombs). Every case must end in a {@link CorruptFileException} naming the file (or, for
 * weights loaded into a model, a {@link WeightFiles.MismatchException}), or load a model that works;
 * a damaged byte that still loads must give exactly the original weights. Prints the number of cases
 * and how they ended.
 *
 * <p>{@code -Dsynapse.fuzz.cases=100000} runs more cases than the default 800.
 */
@Slow
class FuzzTest {
    @TempDir
    Path dir;

    private static final Object REMOVE = new Object();
    private static final Object[] EVIL = {
        Long.MAX_VALUE,
        Long.MIN_VALUE,
        1L << 31,
        (1L << 31) - 1,
        1L << 40,
        100_000_000L,
        -1L,
        -7L,
        0L,
        1L,
        3L,
        1e300,
        -0.5,
        2.5,
        "x",
        "",
        "Lambda",
        "java.lang.Runtime",
        "Sequential",
        "Functional",
        "Dense",
        "F16",
        "F32",
        "I64",
        "BOOL",
        "relu",
        "../../etc/passwd",
        true,
        false,
        null,
        REMOVE
    };

    private enum Target {
        MODEL,
        CHECKPOINT_LOAD,
        CHECKPOINT_RESUME,
        WEIGHTS
    }

    private record Outcome(String kind, String detail) {}

    @Test
    @Timeout(600)
    void damagedFilesEndInOneClearException() throws Exception {
        int cases = Integer.getInteger("synapse.fuzz.cases", 800);
        Names.clearSession();
        Synapse.setSeed(5);
        Model model = smallModel();
        model.compile(new Adam(0.01), "sparse_categorical_crossentropy", "accuracy");
        Tensor x = Tensor.randn(16, 6);
        Tensor y = Tensor.of(new long[] {0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0});
        model.trainOnBatch(x, y);
        byte[] modelFile = ModelFiles.archive(
                        model,
                        model.compiled().optimizer(),
                        model.compiled().loss(),
                        model.compiled().metrics(),
                        true)
                .toBytes();
        Map<String, Tensor> expected = model.stateDict();

        Path ckptPath = dir.resolve("ckpt.synapse");
        Sequential kerasModel = kerasModel();
        kerasModel.fit(
                x,
                y,
                Fit.batchSize(4)
                        .epochs(1)
                        .verbose(0)
                        .validationSplit(0.25)
                        .callbacks(new EarlyStopping("val_loss", 5, true), new ModelCheckpoint(ckptPath.toString())));
        byte[] checkpoint = Files.readAllBytes(ckptPath);
        Map<String, Tensor> expectedCkpt =
                dev.synapse.io.ModelArchive.read(checkpoint, "seed").weights();

        ByteArrayOutputStream w = new ByteArrayOutputStream();
        SafeTensors.write(w, model.stateDict(), Map.of("format", "pt"));
        byte[] weights = w.toByteArray();

        Random r = new Random(20240601);
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        Path scratch = dir.resolve("case.synapse");
        for (int i = 0; i < cases; i++) {
            Target target = Target.values()[i % Target.values().length];
            byte[] original = switch (target) {
                case MODEL -> modelFile;
                case CHECKPOINT_LOAD, CHECKPOINT_RESUME -> checkpoint;
                case WEIGHTS -> weights;
            };
            StringBuilder what = new StringBuilder(target + " #" + i + ": ");
            byte[] damaged;
            boolean byteLevel;
            try {
                int op = r.nextInt(10);
                byteLevel = op < 3;
                damaged = switch (op) {
                    case 0 -> truncate(original, r, what);
                    case 1, 2 -> flip(original, r, what);
                    default ->
                        target == Target.WEIGHTS
                                ? rewriteSafetensors(original, r, what)
                                : rewriteArchive(original, r, what);
                };
            } catch (RuntimeException e) {
                throw new AssertionError("could not build case " + what, e);
            }
            Outcome o =
                    run(target, damaged, byteLevel, scratch, x, y, target == Target.MODEL ? expected : expectedCkpt);
            outcomes.merge(o.kind(), 1, Integer::sum);
            if (o.kind().startsWith("FAIL")) {
                failures.add(what + " -> " + o.kind() + ": " + o.detail());
            }
        }
        System.out.printf("FuzzTest: %d cases, outcomes %s%n", cases, outcomes);
        assertTrue(
                failures.isEmpty(),
                failures.size() + " bad outcomes, first ones:\n"
                        + String.join("\n", failures.subList(0, Math.min(10, failures.size()))));
    }

    /**
     * Hostile checkpoint state: callback states, EarlyStopping's best weights, optimizer slots,
     * generator states, loader seeds and counters replaced by values of the wrong type, size, shape,
     * dtype or name. A resume must either succeed or fail with a {@link CorruptFileException} naming
     * the file (an {@link IllegalStateException} for a loader seed), and a failed resume must leave the
     * live model, optimizer, callback and random state bit for bit as they were.
     *
     * <p>{@code -Dsynapse.fuzz.stateCases=5000} runs more cases than the default 150.
     */
    @Test
    @Timeout(600)
    void hostileCheckpointStateNeverHalfRestores() throws Exception {
        int cases = Integer.getInteger("synapse.fuzz.stateCases", 150);
        Tensor x = Tensor.randn(16, 6);
        Tensor y = Tensor.of(new long[] {0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0});
        Path ckptPath = dir.resolve("state.synapse");
        kerasModel()
                .fit(
                        x,
                        y,
                        Fit.batchSize(4)
                                .epochs(1)
                                .verbose(0)
                                .validationSplit(0.25)
                                .callbacks(
                                        new EarlyStopping("val_loss", 5, true),
                                        new ModelCheckpoint(ckptPath.toString())));
        byte[] checkpoint = Files.readAllBytes(ckptPath);

        Random r = new Random(20261204);
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        Path scratch = dir.resolve("state-case.synapse");
        for (int i = 0; i < cases; i++) {
            ModelArchive a = ModelArchive.read(checkpoint, "seed");
            StringBuilder what = new StringBuilder("STATE #" + i + ": ");
            mutateState(a, r, what);
            a.write(scratch);

            Sequential live = kerasModel();
            EarlyStopping es = new EarlyStopping("val_loss", 5, true);
            live.fit(
                    x,
                    y,
                    Fit.batchSize(4).epochs(1).verbose(0).validationSplit(0.25).callbacks(es));
            Generator.global().nextLong();
            Map<String, Object> before = snapshot(live, es);
            String kind;
            String detail = null;
            try {
                live.fit(
                        x,
                        y,
                        Fit.batchSize(4)
                                .epochs(2)
                                .verbose(0)
                                .validationSplit(0.25)
                                .callbacks(es)
                                .resumeFrom(scratch));
                kind = "resumed";
            } catch (UncheckedIOException e) {
                boolean named = e.getCause() instanceof CorruptFileException c
                        && c.getMessage().startsWith(scratch.toString())
                        && !c.getMessage().contains(": unreadable (");
                kind = named ? "CorruptFileException" : "FAIL " + e.getCause();
                detail = e.getMessage();
            } catch (IllegalStateException e) {
                kind = e.getMessage().contains("seed(") ? "loader seed refused" : "FAIL " + e;
                detail = e.getMessage();
            } catch (Throwable e) {
                kind = "FAIL " + e.getClass().getSimpleName();
                detail = e.getMessage() + stack(e);
            }
            if (!kind.equals("resumed") && !kind.startsWith("FAIL") && !before.equals(snapshot(live, es))) {
                kind = "FAIL changed the live state before refusing";
            }
            outcomes.merge(kind, 1, Integer::sum);
            if (kind.startsWith("FAIL")) {
                failures.add(what + " -> " + kind + ": " + detail);
            }
        }
        System.out.printf("FuzzTest (checkpoint state): %d cases, outcomes %s%n", cases, outcomes);
        assertTrue(
                failures.isEmpty(),
                failures.size() + " bad outcomes, first ones:\n"
                        + String.join("\n", failures.subList(0, Math.min(10, failures.size()))));
    }

    /** Weights, optimizer slots and counters, EarlyStopping's state and the global generator, as exact bits. */
    private static Map<String, Object> snapshot(Sequential m, EarlyStopping es) {
        Map<String, Object> s = new LinkedHashMap<>();
        m.stateDict()
                .forEach((k, t) ->
                        s.put("weight " + k, Arrays.toString(t.to(DType.FLOAT32).toFloatArray())));
        var opt = m.compiled().optimizer();
        opt.state(m.trainableVariables()).forEach((k, t) -> s.put("slot " + k, Arrays.toString(t.toFloatArray())));
        s.put("iterations", opt.iterations());
        s.put("learning rate", opt.learningRate());
        es.stateDict()
                .forEach((k, v) -> s.put("es " + k, v instanceof Tensor t ? Arrays.toString(t.toFloatArray()) : v));
        s.put("generator", Arrays.toString(Generator.global().getState()));
        return s;
    }

    @SuppressWarnings("unchecked")
    private static void mutateState(ModelArchive a, Random r, StringBuilder what) {
        Map<String, Object> training = a.training();
        switch (r.nextInt(6)) {
            case 0 -> {
                Map<String, Object> callbacks = (Map<String, Object>) training.get("callbacks");
                String cb = pick(callbacks.keySet(), r);
                Map<String, Object> state = (Map<String, Object>) callbacks.get(cb);
                String key = r.nextInt(6) == 0 ? "unknown_entry" : pick(state.keySet(), r);
                Object value = EVIL[r.nextInt(EVIL.length)];
                what.append("callbacks.")
                        .append(cb)
                        .append('.')
                        .append(key)
                        .append(" := ")
                        .append(shortText(value));
                set(new Object[] {state, key}, value);
            }
            case 1 -> mutateTensors(a.trainingTensors(), r, what.append("training tensor "));
            case 2 -> mutateTensors(a.optimizerSlots(), r, what.append("optimizer slot "));
            case 3 -> {
                boolean layer = training.containsKey("layer_generators") && r.nextBoolean();
                Map<String, Object> holder = layer ? (Map<String, Object>) training.get("layer_generators") : training;
                String key =
                        layer ? (r.nextInt(4) == 0 ? "dropout_99.generator" : pick(holder.keySet(), r)) : "generator";
                Object value = switch (r.nextInt(5)) {
                    case 0 -> new ArrayList<>(List.of(0L, 0L, 0L, 0L));
                    case 1 -> new ArrayList<>(List.of(1L, 2L, 3L));
                    case 2 -> new ArrayList<>(List.of(1L, 2.5, 3L, 4L));
                    default -> EVIL[r.nextInt(EVIL.length)];
                };
                what.append(layer ? "layer_generators." : "")
                        .append(key)
                        .append(" := ")
                        .append(shortText(value));
                set(new Object[] {holder, key}, value);
            }
            case 4 -> {
                String loader = training.containsKey("val_loader") && r.nextBoolean() ? "val_loader" : "train_loader";
                Object holder = training.get(loader);
                String key = r.nextBoolean() ? "seed" : "epoch";
                Object value = EVIL[r.nextInt(EVIL.length)];
                what.append(loader).append('.').append(key).append(" := ").append(shortText(value));
                if (holder instanceof Map<?, ?> m) {
                    set(new Object[] {m, key}, value);
                } else {
                    set(new Object[] {training, loader}, value);
                }
            }
            default -> {
                String key = pick(List.of("epoch", "global_step", "callbacks", "layer_generators"), r);
                Object value = EVIL[r.nextInt(EVIL.length)];
                what.append(key).append(" := ").append(shortText(value));
                set(new Object[] {training, key}, value);
            }
        }
    }

    /** Replaces, renames or drops one tensor, or adds a stray one. */
    private static void mutateTensors(Map<String, Tensor> tensors, Random r, StringBuilder what) {
        if (tensors.isEmpty() || r.nextInt(8) == 0) {
            String stray = r.nextBoolean() ? "EarlyStopping#0/best_weights.nowhere.kernel" : "dense_7.kernel/m";
            what.append("added ").append(stray);
            tensors.put(stray, Tensor.zeros(2));
            return;
        }
        String key = pick(tensors.keySet(), r);
        Tensor t = tensors.get(key);
        switch (r.nextInt(8)) {
            case 0 -> {
                what.append(key).append(" := scalar");
                tensors.put(key, Tensor.scalar(3));
            }
            case 1 -> {
                what.append(key).append(" := empty");
                tensors.put(key, Tensor.zeros(0));
            }
            case 2 -> {
                int[] dims = Arrays.copyOf(t.dims(), t.dims().length + 1);
                dims[dims.length - 1] = 2;
                what.append(key).append(" := shape ").append(Arrays.toString(dims));
                tensors.put(key, Tensor.zeros(dims));
            }
            case 3 -> {
                what.append(key).append(" := int32");
                tensors.put(key, t.to(DType.INT32));
            }
            case 4 -> {
                what.append(key).append(" := float64");
                tensors.put(key, t.to(DType.FLOAT64));
            }
            case 5 -> {
                what.append(key).append(" renamed");
                tensors.remove(key);
                tensors.put(key.replace("dense", "dense_9"), t);
            }
            case 6 -> {
                what.append(key).append(" dropped");
                tensors.remove(key);
            }
            default -> {
                what.append(key).append(" := NaN");
                tensors.put(key, Tensor.zeros(t.dims()).add(Float.NaN));
            }
        }
    }

    private static <T> T pick(java.util.Collection<T> from, Random r) {
        List<T> l = new ArrayList<>(from);
        return l.get(r.nextInt(l.size()));
    }

    static Model smallModel() {
        SymbolicTensor in = Input.of(6);
        var a = new BatchNormalization().apply(new Dense(4, "relu").apply(in));
        var b = new Dropout(0.2).apply(new Dense(3, "tanh").apply(in));
        return new Model(in, new Dense(2, "softmax").apply(new Concatenate().apply(a, b)));
    }

    static Sequential kerasModel() {
        Names.clearSession();
        Synapse.setSeed(8);
        Sequential m = new Sequential(Input.of(6), new Dense(4, "relu"), new Dropout(0.1), new Dense(2, "softmax"));
        m.compile(new Adam(0.01), "sparse_categorical_crossentropy", "accuracy");
        return m;
    }

    private static Outcome run(
            Target target,
            byte[] bytes,
            boolean byteLevel,
            Path scratch,
            Tensor x,
            Tensor y,
            Map<String, Tensor> expected) {
        String source = "fuzz-file";
        try {
            switch (target) {
                case MODEL, CHECKPOINT_LOAD -> {
                    ModelFiles.Loaded loaded = ModelFiles.load(ModelArchive.read(bytes, source), source);
                    return usable(loaded.model(), x, byteLevel, expected);
                }
                case CHECKPOINT_RESUME -> {
                    Files.write(scratch, bytes);
                    Sequential m = kerasModel();
                    m.fit(
                            x,
                            y,
                            Fit.batchSize(4)
                                    .epochs(1)
                                    .verbose(0)
                                    .validationSplit(0.25)
                                    .callbacks(new EarlyStopping("val_loss", 5, true))
                                    .resumeFrom(scratch));
                    return usable(m, x, byteLevel, expected);
                }
                case WEIGHTS -> {
                    Model m = smallModel();
                    WeightFiles.load(m, SafeTensors.read(bytes, source).tensors(), source, true);
                    return new Outcome("loaded", null);
                }
                default -> throw new IllegalStateException();
            }
        } catch (CorruptFileException e) {
            return named(e, source, "CorruptFileException");
        } catch (WeightFiles.MismatchException e) {
            return target == Target.WEIGHTS
                    ? named(e, source, "MismatchException")
                    : new Outcome("FAIL mismatch", e.getMessage());
        } catch (UncheckedIOException e) {
            if (target == Target.CHECKPOINT_RESUME && e.getCause() instanceof CorruptFileException c) {
                return named(c, scratch.toString(), "CorruptFileException");
            }
            return new Outcome("FAIL " + e, stack(e));
        } catch (Throwable e) {
            return new Outcome("FAIL " + e.getClass().getSimpleName(), e.getMessage() + "\n" + stack(e));
        }
    }

    private static String stack(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (StackTraceElement s : Arrays.copyOf(e.getStackTrace(), Math.min(8, e.getStackTrace().length))) {
            sb.append("\n    at ").append(s);
        }
        return sb.toString();
    }

    private static Outcome named(IOException e, String source, String kind) {
        if (e.getMessage() == null || !e.getMessage().startsWith(source)) {
            return new Outcome("FAIL unnamed " + kind, e.getMessage());
        }
        // A runtime exception caught by the archive reader's last-resort net means a check is missing.
        if (e.getMessage().contains(": unreadable (")) {
            return new Outcome("FAIL unchecked " + kind, e.getMessage());
        }
        return new Outcome(kind, e.getMessage());
    }

    /** A model that loaded: from damaged bytes it must be the original; from rewritten content it must run. */
    private static Outcome usable(dev.synapse.nn.Layer m, Tensor x, boolean byteLevel, Map<String, Tensor> expected) {
        if (!(m instanceof Model model)) {
            return new Outcome("loaded a layer", null);
        }
        if (byteLevel) {
            // Compared weight by weight rather than by predictions: vectorized kernels may round
            // differently once the JIT compiles them, which is not what this test is about.
            try {
                Map<String, Tensor> got = model.stateDict();
                if (!got.keySet().equals(expected.keySet())) {
                    throw new AssertionError("weights " + got.keySet());
                }
                for (String k : got.keySet()) {
                    IoAssertions.assertSameBits(expected.get(k), got.get(k));
                }
                model.predict(x);
                return new Outcome("loaded, identical", null);
            } catch (AssertionError | RuntimeException e) {
                return new Outcome("FAIL silently different model", String.valueOf(e.getMessage()));
            }
        }
        try {
            model.predict(x);
            return new Outcome("loaded a valid variant", null);
        } catch (RuntimeException e) {
            return new Outcome("loaded, does not fit the probe", null);
        }
    }

    // ---- mutations -------------------------------------------------------------------------------

    private static byte[] truncate(byte[] b, Random r, StringBuilder what) {
        int n = r.nextInt(b.length);
        what.append("truncated to ").append(n);
        return Arrays.copyOf(b, n);
    }

    private static byte[] flip(byte[] b, Random r, StringBuilder what) {
        byte[] c = b.clone();
        int n = 1 + r.nextInt(4);
        what.append("bytes changed at");
        for (int i = 0; i < n; i++) {
            int at = r.nextInt(c.length);
            c[at] = (byte) r.nextInt(256);
            what.append(' ').append(at);
        }
        return c;
    }

    private static byte[] rewriteArchive(byte[] zip, Random r, StringBuilder what) {
        Map<String, byte[]> parts;
        try {
            parts = SafeZip.read(
                    zip,
                    "seed",
                    new SafeZip.Limits(
                            java.util.Set.of(
                                    "synapse.json",
                                    "model.json",
                                    "model.safetensors",
                                    "compile.json",
                                    "optimizer.safetensors",
                                    "training.json",
                                    "training.safetensors"),
                            16,
                            Integer.MAX_VALUE,
                            Integer.MAX_VALUE));
        } catch (CorruptFileException e) {
            throw new IllegalStateException(e);
        }
        List<String> names = new ArrayList<>(parts.keySet());
        List<SafeZip.Entry> entries = new ArrayList<>();
        int op = r.nextInt(10);
        String victim = names.get(r.nextInt(names.size()));
        for (String n : names) {
            byte[] data = parts.get(n);
            boolean json = n.endsWith(".json");
            if (n.equals(victim) && op < 6) {
                data = json
                        ? mutateJson(data, r, what.append(n).append(": "))
                        : rewriteSafetensors(data, r, what.append(n).append(": "));
            }
            if (n.equals(victim) && op == 6) {
                what.append("dropped ").append(n);
                continue;
            }
            entries.add(new SafeZip.Entry(n, data, json));
        }
        switch (op) {
            case 7 -> {
                String name = new String[] {"../model.json", "/abs.json", "extra.bin", "a\\\\b", victim}[r.nextInt(5)];
                what.append("added entry ").append(name);
                entries.add(
                        r.nextInt(entries.size() + 1), new SafeZip.Entry(name, new byte[] {'{', '}'}, r.nextBoolean()));
            }
            case 8 -> {
                what.append("zip bomb in ").append(victim);
                entries.removeIf(e -> e.name().equals(victim));
                entries.add(new SafeZip.Entry(victim, new byte[r.nextBoolean() ? 20 << 20 : 1 << 20], true));
            }
            default -> {}
        }
        byte[] out = write(entries);
        if (op == 9) {
            // Lie about sizes in the central directory: huge, zero or off by one.
            ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
            int cd = b.getInt(out.length - 6);
            int field = cd + new int[] {20, 24, 42}[r.nextInt(3)];
            int value = new int[] {-1, 0, 1 << 30, b.getInt(field) + 1, b.getInt(field) - 1}[r.nextInt(5)];
            what.append("central directory field at ")
                    .append(field)
                    .append(" set to ")
                    .append(value);
            b.putInt(field, value);
        } else if (op >= 6 && op < 9 && what.toString().endsWith(": ")) {
            what.append("structure");
        }
        return out;
    }

    private static byte[] write(List<SafeZip.Entry> entries) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SafeZip.write(out, entries);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] mutateJson(byte[] data, Random r, StringBuilder what) {
        Object root = Json.parse(new String(data, StandardCharsets.UTF_8));
        List<Object[]> slots = new ArrayList<>();
        collect(root, slots);
        int edits = 1 + r.nextInt(2);
        for (int e = 0; e < edits && !slots.isEmpty(); e++) {
            Object[] slot = slots.get(r.nextInt(slots.size()));
            Object value = r.nextInt(12) == 0 ? deep(100 + r.nextInt(200)) : EVIL[r.nextInt(EVIL.length)];
            what.append(describe(slot))
                    .append(" := ")
                    .append(value == REMOVE ? "(removed)" : shortText(value))
                    .append("; ");
            set(slot, value);
        }
        return Json.write(root).getBytes(StandardCharsets.UTF_8);
    }

    private static String shortText(Object v) {
        String s = String.valueOf(v);
        return s.length() > 20 ? s.substring(0, 20) + "..." : s;
    }

    private static Object deep(int depth) {
        Object v = 1L;
        for (int i = 0; i < depth; i++) {
            v = i % 2 == 0 ? new ArrayList<>(List.of(v)) : new LinkedHashMap<>(Map.of("k", v));
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, List<Object[]> slots) {
        if (node instanceof Map<?, ?> m) {
            for (Object k : new ArrayList<>(m.keySet())) {
                slots.add(new Object[] {m, k});
                collect(m.get(k), slots);
            }
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                slots.add(new Object[] {l, i});
                collect(l.get(i), slots);
            }
        }
    }

    private static String describe(Object[] slot) {
        return slot[0] instanceof Map ? "[" + slot[1] + "]" : "[#" + slot[1] + "]";
    }

    @SuppressWarnings("unchecked")
    private static void set(Object[] slot, Object value) {
        if (slot[0] instanceof Map<?, ?> m) {
            Map<Object, Object> mm = (Map<Object, Object>) m;
            if (value == REMOVE) {
                mm.remove(slot[1]);
            } else {
                mm.put(slot[1], value);
            }
        } else {
            List<Object> l = (List<Object>) slot[0];
            int i = (Integer) slot[1];
            if (i < l.size()) {
                if (value == REMOVE) {
                    l.remove(i);
                } else {
                    l.set(i, value);
                }
            }
        }
    }

    /** Rewrites a safetensors header (shapes, offsets, dtypes, nesting) or its length prefix; keeps the data. */
    private static byte[] rewriteSafetensors(byte[] b, Random r, StringBuilder what) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long n = bb.getLong(0);
        if (r.nextInt(8) == 0) {
            long[] lies = {Long.MAX_VALUE, -1, 0, n + 1, n - 1, b.length, 1L << 40};
            long lie = lies[r.nextInt(lies.length)];
            what.append("header length := ").append(lie);
            byte[] c = b.clone();
            ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putLong(0, lie);
            return c;
        }
        byte[] header = mutateJson(Arrays.copyOfRange(b, 8, 8 + (int) n), r, what);
        byte[] data = Arrays.copyOfRange(b, 8 + (int) n, b.length);
        ByteBuffer out = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header).put(data);
        return out.array();
    }
}
