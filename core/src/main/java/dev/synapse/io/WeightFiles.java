package dev.synapse.io;

import dev.synapse.nn.Layer;
import dev.synapse.nn.LoadReport;
import dev.synapse.nn.Weight;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weights alone, in a plain safetensors file that Python's {@code safetensors} opens
 * ({@code safetensors.torch.load_file}, {@code safe_open}): Keras's {@code save_weights} /
 * {@code load_weights}, PyTorch's {@code torch.save(model.state_dict())} /
 * {@code load_state_dict}. Tensors are named by dotted weight path, {@code <layer>.<weight>}
 * ({@code dense_1.kernel}, {@code batch_normalization.moving_mean}; nested models add their name:
 * {@code encoder.dense.kernel}), and loading matches by name.
 */
public final class WeightFiles {
    private WeightFiles() {}

    /** A strict load found the file and the model disagree; {@link #report()} says how. */
    public static final class MismatchException extends IOException {
        private static final long serialVersionUID = 1L;

        private final transient LoadReport report;

        public MismatchException(String message, LoadReport report) {
            super(message);
            this.report = report;
        }

        public LoadReport report() {
            return report;
        }
    }

    /** Writes every weight of {@code layer} (trainable or not) to {@code file}, atomically. */
    public static void save(Layer layer, Path file) throws IOException {
        SafeTensors.write(file, layer.stateDict(), Map.of("format", "pt", "producer", "synapse"));
    }

    /**
     * Loads weights by name. When {@code strict}, every weight must be in the file with its shape and no
     * tensor may be left over, and nothing is changed unless all match; otherwise matching tensors are
     * loaded and the rest reported.
     */
    public static LoadReport load(Layer layer, Path file, boolean strict) throws IOException {
        return load(layer, SafeTensors.read(file).tensors(), file.toString(), strict);
    }

    static LoadReport load(Layer layer, Map<String, Tensor> tensors, String source, boolean strict) throws IOException {
        Map<String, Weight> named = layer.namedWeights();
        List<String> loaded = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        Map<Weight, Tensor> assign = new LinkedHashMap<>();
        for (Map.Entry<String, Weight> e : named.entrySet()) {
            Weight w = e.getValue();
            Tensor t = tensors.get(e.getKey());
            if (t == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(t.dims(), w.shape())
                    || (t.dtype() != w.dtype()
                            && !(t.dtype().isFloating() && w.dtype().isFloating()))) {
                mismatched.add(e.getKey() + " (file " + t.dtype() + " " + t.shape() + ", model " + w.dtype() + " "
                        + Shape.format(w.shape()) + ")");
            } else if (Weight.firstRounded(t, w.dtype()) >= 0) {
                // As assigning does: a float64 file loads into float32 weights only when no value is rounded.
                mismatched.add(e.getKey() + " (file " + t.dtype() + " values that a " + w.dtype() + " weight would"
                        + " round; convert the file, or build the layer with withDtype(DType." + t.dtype() + "))");
            } else {
                loaded.add(e.getKey());
                assign.put(w, t);
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String k : tensors.keySet()) {
            if (!named.containsKey(k)) {
                unexpected.add(k);
            }
        }
        LoadReport report = new LoadReport(loaded, missing, unexpected, mismatched);
        if (strict && !report.isComplete()) {
            String hint = named.isEmpty()
                    ? " (the model has no weights yet: build it first, by calling it on data or "
                            + "giving it an input shape)"
                    : "";
            throw new MismatchException(source + ": the weights do not match the model: " + report + hint, report);
        }
        assign.forEach((w, t) -> w.assign(t.dtype() == w.dtype() ? t : t.to(w.dtype())));
        return report;
    }
}
