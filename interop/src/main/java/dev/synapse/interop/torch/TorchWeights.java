package dev.synapse.interop.torch;

import dev.synapse.io.WeightFiles;
import dev.synapse.nn.Layer;
import dev.synapse.nn.LoadReport;
import dev.synapse.nn.Model;
import dev.synapse.nn.Weight;
import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * PyTorch weights into and out of a Synapse model: {@code model.load_state_dict(torch.load(p, weights_only=True),
 * strict)} and {@code torch.save(model.state_dict(), p)}, from and to {@code .pt}/{@code .pth} and {@code
 * .safetensors} files.
 *
 * <p>Layouts are converted: Linear's {@code [out, in]} weight is Dense's {@code [in, out]} kernel; Conv1d/Conv2d's
 * {@code OIHW} is Conv1D/Conv2D's {@code HWIO}; ConvTranspose2d's {@code [in, out, kH, kW]} is Conv2DTranspose's
 * {@code [kH, kW, out, in]}; BatchNorm's weight, bias, running_mean and running_var are gamma, beta, moving_mean
 * and moving_variance ({@code num_batches_tracked} is read and ignored, saved as 0); LayerNorm's weight and bias
 * are gamma and beta; Embedding's weight is the embeddings. LSTM gates are i, f, g, o in both, and torch's two
 * biases are summed into Synapse's one (saved as that sum and a zero {@code bias_hh_l0}). Torch's GRU is Synapse's
 * GRU with {@code resetAfter(true)} (the default): its gates r, z, n become z, r, h, and its two biases the two rows
 * of the {@code [2, 3 units]} bias; a GRU with {@code resetAfter(false)} is refused. A stacked module
 * ({@code num_layers=2}: {@code weight_ih_l1}, ...) maps to that many recurrent layers in a row, and a
 * {@code bidirectional=True} one to {@code Bidirectional} layers (the {@code *_reverse} tensors are the backward
 * layer's); in a name map, level 1 of module {@code rnn} is {@code rnn[1]}, and when saving, recurrent layers mapped
 * to one prefix become its levels in order. Normalization epsilons are not in a state_dict: build
 * BatchNormalization and LayerNormalization with torch's {@code 1e-5}.
 *
 * <p>A torch CNN flattens {@code NCHW} maps channels first where Synapse flattens {@code NHWC} channels last, so
 * the Dense layer fed by a Flatten whose input a convolution produced (through pooling, activations, normalization)
 * has its input columns permuted on load and save; the Flatten's input shape must be known (a model built on an
 * {@code Input}).
 *
 * <p>Names: by default the model's weight-carrying layers (nested models flattened, in order) are paired with the
 * state_dict's modules in the order they appear (torch's registration order), whatever either is called. A {@code
 * .safetensors} file sorts its keys, so there each layer takes the one module whose keys and shapes fit it, and
 * two modules fitting one layer is an error asking for names. A map
 * {@code torch module prefix -> Synapse layer name} pairs them explicitly instead. Saving names each layer by its
 * index path in the model ({@code 0.weight}, {@code 2.bias}; {@code 1.0.weight} inside a nested model at index 1),
 * as an {@code nn.Sequential} built layer for layer (activations as their own layers) names them, or by a map
 * {@code Synapse layer name -> torch module prefix}.
 */
public final class TorchWeights {
    private TorchWeights() {}

    /** Loads a state_dict file strictly, pairing layers and modules in order. */
    public static LoadReport load(Model model, Path file) throws IOException {
        return load(model, file, true, Map.of());
    }

    /**
     * Loads a state_dict file ({@code .pt}, {@code .pth} or {@code .safetensors}) into {@code model}. With {@code
     * strict}, any missing key, unexpected key or shape mismatch throws a {@link WeightFiles.MismatchException}
     * listing all of them, and nothing is changed; without it, what matches is loaded and the rest reported.
     *
     * @param names torch module prefix ({@code encoder.0}) to Synapse layer name; empty pairs layers and modules in
     *     order
     * @return the keys loaded, missing (torch keys the model needs), unexpected and mismatched
     */
    public static LoadReport load(Model model, Path file, boolean strict, Map<String, String> names)
            throws IOException {
        return load(model, StateDict.read(file), file.toString(), strict, names);
    }

    /** Loads {@code stateDict} as {@link #load(Model, Path, boolean, Map)}; {@code source} names it in errors. */
    public static LoadReport load(
            Model model, StateDict stateDict, String source, boolean strict, Map<String, String> names)
            throws WeightFiles.MismatchException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(names, "names");
        List<Layer> layers = weightLayers(model);
        Map<String, Map<String, Tensor>> modules = modules(stateDict);
        List<Layer> pairedLayers = new ArrayList<>();
        List<String> pairedPrefixes = new ArrayList<>();
        if (names.isEmpty() && stateDict.inRegistrationOrder()) {
            List<String> prefixes = new ArrayList<>(modules.keySet());
            for (int i = 0; i < Math.min(layers.size(), prefixes.size()); i++) {
                pairedLayers.add(layers.get(i));
                pairedPrefixes.add(prefixes.get(i));
            }
        } else if (names.isEmpty()) {
            pairByFit(model, layers, modules, source, pairedLayers, pairedPrefixes);
        } else {
            for (Map.Entry<String, String> e : names.entrySet()) {
                Layer l = layers.stream()
                        .filter(x -> x.name().equals(e.getValue()))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("names: no weight-carrying layer named '"
                                + e.getValue() + "' (for torch module '" + e.getKey() + "'); the layers are "
                                + layers.stream().map(Layer::name).toList()));
                pairedLayers.add(l);
                pairedPrefixes.add(e.getKey());
            }
        }
        List<String> loaded = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        List<Map.Entry<Weight, Tensor>> assignments = new ArrayList<>();
        for (int i = 0; i < pairedLayers.size(); i++) {
            Layer layer = pairedLayers.get(i);
            String paired = pairedPrefixes.get(i);
            String prefix = modulePrefix(paired);
            Map<String, Tensor> module = modules.getOrDefault(paired, Map.of());
            Map<String, Tensor> left = new LinkedHashMap<>(module);
            for (TorchLayouts.Slot slot : slotsAt(model, layer, paired)) {
                List<Tensor> values = new ArrayList<>();
                boolean ok = true;
                for (int k = 0; k < slot.suffixes().size(); k++) {
                    String key = key(prefix, slot.suffixes().get(k));
                    Tensor t = left.remove(slot.suffixes().get(k));
                    int[] want = slot.torchShapes().get(k);
                    if (t == null) {
                        missing.add(key);
                        ok = false;
                    } else if (!Arrays.equals(t.dims(), want)) {
                        mismatched.add(key + ": " + Arrays.toString(t.dims()) + " in the file, " + Arrays.toString(want)
                                + " for " + layer.name() + " (" + layer.className() + ")");
                        ok = false;
                    } else {
                        values.add(t);
                    }
                }
                if (!ok) {
                    continue;
                }
                Weight target = slot.target();
                if (target != null) {
                    Tensor value = slot.toSynapse().apply(values);
                    try {
                        target.checkAssignable(value);
                    } catch (IllegalArgumentException e) {
                        mismatched.add(key(prefix, slot.suffixes().get(0)) + ": " + e.getMessage());
                        continue;
                    }
                    assignments.add(Map.entry(target, value));
                }
                slot.suffixes().forEach(s -> loaded.add(key(prefix, s)));
            }
            left.keySet().forEach(s -> unexpected.add(key(prefix, s)));
        }
        for (Layer l : layers) {
            if (!pairedLayers.contains(l)) {
                for (TorchLayouts.Slot slot : TorchLayouts.slots(l, flattenedFrom(model, l))) {
                    slot.suffixes().forEach(s -> missing.add(key("<" + l.name() + ">", s)));
                }
            }
        }
        modules.forEach((paired, module) -> {
            if (!pairedPrefixes.contains(paired)) {
                module.keySet().forEach(s -> unexpected.add(key(modulePrefix(paired), s)));
            }
        });
        LoadReport report = new LoadReport(loaded, missing, unexpected, mismatched);
        if (strict && !report.isComplete()) {
            throw new WeightFiles.MismatchException(
                    source + ": the state_dict does not match model '" + model.name()
                            + "' (" + report
                            + "); nothing was loaded. Layers pair with modules in order unless a name map"
                            + " (torch prefix -> layer name) is given; strict=false loads what matches",
                    report);
        }
        for (Map.Entry<Weight, Tensor> a : assignments) {
            a.getKey().assign(a.getValue());
        }
        return report;
    }

    /**
     * Pairs each layer with the one module whose keys and shapes fit it exactly, for files whose key order is not
     * the registration order; two modules fitting one layer is ambiguous and needs a name map.
     */
    private static void pairByFit(
            Model model,
            List<Layer> layers,
            Map<String, Map<String, Tensor>> modules,
            String source,
            List<Layer> pairedLayers,
            List<String> pairedPrefixes) {
        for (Layer layer : layers) {
            List<String> fits = new ArrayList<>();
            modules.forEach((prefix, module) -> {
                if (!pairedPrefixes.contains(prefix) && fits(slotsAt(model, layer, prefix), module)) {
                    fits.add(prefix);
                }
            });
            if (fits.size() > 1) {
                throw new IllegalArgumentException(source + ": modules " + fits + " all fit layer " + layer.name()
                        + " (" + layer.className() + ") and the file's key order is not the modules' order; give a"
                        + " name map (torch prefix -> layer name)");
            }
            if (fits.size() == 1) {
                pairedLayers.add(layer);
                pairedPrefixes.add(fits.get(0));
            }
        }
    }

    private static boolean fits(List<TorchLayouts.Slot> slots, Map<String, Tensor> module) {
        int keys = 0;
        for (TorchLayouts.Slot slot : slots) {
            for (int k = 0; k < slot.suffixes().size(); k++) {
                Tensor t = module.get(slot.suffixes().get(k));
                if (t == null || !Arrays.equals(t.dims(), slot.torchShapes().get(k))) {
                    return false;
                }
                keys++;
            }
        }
        return keys == module.size();
    }

    /** Saves {@code model}'s weights as {@code torch.save(model.state_dict(), file)} would, names by index path. */
    public static void save(Model model, Path file) throws IOException {
        save(model, file, Map.of());
    }

    /**
     * Saves {@code model}'s weights as a state_dict ({@code .pt}/{@code .pth}, or {@code .safetensors} by the name's
     * ending) that the PyTorch model built like it loads with {@code load_state_dict(strict=True)}.
     *
     * @param names Synapse layer name to torch module prefix; layers not in it are named by index path
     */
    public static void save(Model model, Path file, Map<String, String> names) throws IOException {
        stateDict(model, names).write(file);
    }

    /** The state_dict of {@code model} in PyTorch's layouts ({@code model.state_dict()}). */
    public static StateDict stateDict(Model model, Map<String, String> names) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(names, "names");
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<Layer, String> paths = new LinkedHashMap<>();
        indexPaths(model, "", paths);
        Map<String, Integer> levels = new HashMap<>();
        paths.forEach((layer, path) -> {
            String given = names.getOrDefault(layer.name(), path);
            String prefix = modulePrefix(given);
            // Recurrent layers named after one torch module are its levels in order (num_layers), unless the name
            // says which ("rnn[1]").
            int next = levels.merge(prefix, 1, Integer::sum) - 1;
            String paired = given.equals(prefix) && next > 0 ? prefix + "[" + next + "]" : given;
            for (TorchLayouts.Slot slot : slotsAt(model, layer, paired)) {
                Weight target = slot.target();
                List<Tensor> values = slot.toTorch().apply(target == null ? Tensor.zeros(1) : target.value());
                for (int k = 0; k < slot.suffixes().size(); k++) {
                    out.put(key(prefix, slot.suffixes().get(k)), values.get(k).contiguous());
                }
            }
        });
        return new StateDict(out);
    }

    private static void indexPaths(Model model, String prefix, Map<Layer, String> out) {
        List<Layer> ls = model.layers().stream()
                .filter(l -> !l.className().equals("InputLayer"))
                .toList();
        for (int i = 0; i < ls.size(); i++) {
            Layer l = ls.get(i);
            if (l instanceof Model m) {
                indexPaths(m, prefix + i + ".", out);
            } else if (!l.weights().isEmpty()) {
                checkSupported(l);
                out.put(l, prefix + i);
            }
        }
    }

    private static List<Layer> weightLayers(Model model) {
        List<Layer> out = new ArrayList<>();
        for (Layer l : allLayers(model)) {
            if (!l.weights().isEmpty()) {
                checkSupported(l);
                out.add(l);
            }
        }
        return out;
    }

    private static void checkSupported(Layer l) {
        if (!TorchLayouts.supported(l)) {
            throw new IllegalArgumentException(l.name() + " (" + l.className() + ") has no PyTorch counterpart"
                    + " here; supported: Dense, Conv1D, Conv2D, Conv2DTranspose, BatchNormalization,"
                    + " LayerNormalization, Embedding, LSTM, GRU, SimpleRNN");
        }
    }

    /** Every layer in run order, nested models opened. */
    private static List<Layer> allLayers(Model model) {
        List<Layer> out = new ArrayList<>();
        for (Layer l : model.layers()) {
            if (l instanceof Model m) {
                out.addAll(allLayers(m));
            } else {
                out.add(l);
            }
        }
        return out;
    }

    /**
     * The per-sample channels-last shape that a Flatten turned into {@code layer}'s input when a convolution
     * produced it, so that torch flattened it channels first; null when no such Flatten feeds {@code layer}.
     */
    private static int @Nullable [] flattenedFrom(Model model, Layer layer) {
        if (!layer.className().equals("Dense")) {
            return null;
        }
        List<Layer> all = allLayers(model);
        int i = all.indexOf(layer) - 1;
        while (i >= 0 && !all.get(i).className().equals("Flatten")) {
            if (TorchLayouts.layoutBarrier(all.get(i)) || !all.get(i).weights().isEmpty()) {
                return null;
            }
            i--;
        }
        if (i < 0) {
            return null;
        }
        Layer flatten = all.get(i);
        for (int j = i - 1; j >= 0; j--) {
            Layer l = all.get(j);
            if (TorchLayouts.channelsFirstSource(l)) {
                if (flatten.inboundNodes().size() != 1) {
                    throw new IllegalStateException(flatten.name() + " follows convolution " + l.name() + " and needs"
                            + " its input shape known (build the model on an Input) to reorder "
                            + layer.name() + "'s columns from PyTorch's channels-first flattening");
                }
                int[] s = flatten.input().shape();
                int[] perSample = Arrays.copyOfRange(s, 1, s.length);
                for (int d : perSample) {
                    if (d <= 0) {
                        throw new IllegalStateException(flatten.name() + ": input shape " + Arrays.toString(s)
                                + " is not fully known, so PyTorch's channels-first flattening cannot be matched");
                    }
                }
                return perSample;
            }
            if (TorchLayouts.layoutBarrier(l)) {
                return null;
            }
        }
        return null;
    }

    /**
     * The state_dict's tensors grouped by module prefix (all but the last name part), in order. A stacked recurrent
     * module ({@code num_layers > 1}) is one group per level: {@code rnn} holds {@code *_l0} (and
     * {@code *_l0_reverse}), {@code rnn[1]} holds {@code *_l1}, and so on, each paired with one Synapse layer.
     */
    private static Map<String, Map<String, Tensor>> modules(StateDict sd) {
        Map<String, Map<String, Tensor>> out = new LinkedHashMap<>();
        sd.tensors().forEach((key, t) -> {
            int dot = key.lastIndexOf('.');
            String prefix = dot < 0 ? "" : key.substring(0, dot);
            String suffix = key.substring(dot + 1);
            Matcher m = RECURRENT_LEVEL.matcher(suffix);
            if (m.matches() && !m.group(1).equals("0")) {
                prefix = prefix + "[" + m.group(1) + "]";
            }
            out.computeIfAbsent(prefix, p -> new LinkedHashMap<>()).put(suffix, t);
        });
        return out;
    }

    /** A recurrent module's parameter of level {@code group(1)}: {@code weight_ih_l1}, {@code bias_hh_l2_reverse}. */
    private static final Pattern RECURRENT_LEVEL =
            Pattern.compile("(?:weight|bias)_(?:ih|hh)_l([0-9]{1,4})(?:_reverse)?");

    /** The torch module prefix of a paired name: {@code rnn} for {@code rnn[1]} (level 1 of a stacked module). */
    private static String modulePrefix(String paired) {
        int bracket = paired.lastIndexOf('[');
        return bracket > 0 && paired.endsWith("]") ? paired.substring(0, bracket) : paired;
    }

    /** The level of a paired name: 1 for {@code rnn[1]}, 0 for a plain prefix. */
    private static int level(String paired) {
        int bracket = paired.lastIndexOf('[');
        if (bracket <= 0 || !paired.endsWith("]")) {
            return 0;
        }
        String digits = paired.substring(bracket + 1, paired.length() - 1);
        if (!digits.matches("[0-9]{1,4}")) {
            throw new IllegalArgumentException("'" + paired + "': a level of a stacked recurrent module is written"
                    + " PREFIX[N] with N a number, as rnn[1] for torch's weight_ih_l1");
        }
        return Integer.parseInt(digits);
    }

    /** {@code layer}'s slots as the module (or module level) {@code paired} names them. */
    private static List<TorchLayouts.Slot> slotsAt(Model model, Layer layer, String paired) {
        return TorchLayouts.atLevel(TorchLayouts.slots(layer, flattenedFrom(model, layer)), level(paired));
    }

    private static String key(String prefix, String suffix) {
        return prefix.isEmpty() ? suffix : prefix + "." + suffix;
    }
}
