package dev.synapse.tensor;

import dev.synapse.ops.ShapeOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints tensors as PyTorch does, since that is what most users read daily:
 *
 * <pre>
 * tensor([[1., 2.],
 *         [3., 4.]])
 * tensor([0.5000, 1.2500], dtype=float64, requires_grad=True)
 * tensor([1, 2, 3], dtype=int32)
 * </pre>
 *
 * <p>Columns are right-aligned to the widest element. Floats whose values are all integers print
 * as {@code 2.}; others with {@code precision} decimals ({@code 0.5000}), or in scientific notation
 * ({@code 1.0000e-05}) when the non-zero magnitudes span more than a factor 1000, exceed 1e8 or fall
 * below 1e-4. Integers and bools print plainly. Tensors with more than {@code threshold} elements
 * are summarised with {@code ...}, keeping the first and last {@code edgeItems} along each long
 * axis. The dtype is shown unless float32, the device unless cpu, and {@code grad_fn} (or
 * {@code requires_grad=True} for a leaf) when gradients are recorded.
 */
public final class TensorFormatter {
    private TensorFormatter() {}

    /**
     * Printing options, as {@code torch.set_printoptions} but passed explicitly.
     *
     * @param precision digits after the decimal point for floats
     * @param threshold element count above which a tensor is summarised
     * @param edgeItems elements kept at each end of a summarised axis
     * @param lineWidth characters per line before a row of elements wraps
     */
    public record PrintOptions(int precision, int threshold, int edgeItems, int lineWidth) {
        /** PyTorch's defaults: precision 4, threshold 1000, 3 edge items, 80 columns. */
        public static final PrintOptions DEFAULT = new PrintOptions(4, 1000, 3, 80);

        /** Validates the options. */
        public PrintOptions {
            if (precision < 0 || threshold < 0 || edgeItems < 1 || lineWidth < 1) {
                throw new IllegalArgumentException("PrintOptions: precision and threshold must be >= 0, edgeItems and "
                        + "lineWidth >= 1, got " + precision + ", " + threshold + ", " + edgeItems + ", " + lineWidth);
            }
        }
    }

    /** {@code t} printed with the default options: what {@link Tensor#toString()} returns. */
    public static String format(Tensor t) {
        return format(t, PrintOptions.DEFAULT);
    }

    /** {@code t} printed with the given options. */
    public static String format(Tensor t, PrintOptions options) {
        String prefix = "tensor(";
        int indent = prefix.length();
        List<String> suffixes = new ArrayList<>();
        if (!t.device().equals(Device.CPU)) {
            suffixes.add("device='" + t.device() + "'");
        }
        String body;
        if (t.size() == 0) {
            body = "[]";
            if (t.rank() != 1) {
                suffixes.add("size=" + t.shape());
            }
        } else {
            body = values(t, options, indent);
        }
        if (t.dtype() != DType.FLOAT32) {
            suffixes.add("dtype=" + t.dtype());
        }
        if (t.gradFn() != null) {
            suffixes.add("grad_fn=<" + t.gradFn() + ">");
        } else if (t.requiresGrad()) {
            suffixes.add("requires_grad=True");
        }
        StringBuilder sb = new StringBuilder(prefix).append(body);
        int lastLine = sb.length() - (sb.lastIndexOf("\n") + 1);
        for (String s : suffixes) {
            if (lastLine + s.length() + 2 > options.lineWidth()) {
                sb.append(",\n").append(" ".repeat(indent)).append(s);
                lastLine = indent + s.length();
            } else {
                sb.append(", ").append(s);
                lastLine += s.length() + 2;
            }
        }
        return sb.append(')').toString();
    }

    /** The bracketed values of a non-empty tensor. */
    private static String values(Tensor t, PrintOptions o, int indent) {
        int[] dims = t.dims();
        int edge = o.edgeItems();
        boolean summarize = t.size() > o.threshold();
        boolean[] cut = new boolean[dims.length];
        // Only the printed elements are read from the device: long axes are cut to their two ends first.
        Tensor v = t.detach();
        for (int a = 0; a < dims.length; a++) {
            if (summarize && dims[a] > 2 * edge) {
                cut[a] = true;
                v = ShapeOps.concat(a, v.slice(a, 0, edge), v.slice(a, dims[a] - edge, dims[a]));
            }
        }
        String[] cells = cells(v, o.precision());
        if (dims.length == 0) {
            return cells[0];
        }
        int width = 0;
        for (String c : cells) {
            width = Math.max(width, c.length());
        }
        for (int i = 0; i < cells.length; i++) {
            cells[i] = " ".repeat(width - cells[i].length()) + cells[i];
        }
        return block(cells, v.dims(), cut, edge, 0, 0, indent, width, o.lineWidth());
    }

    /** The sub-array at axis {@code level} starting at flat position {@code pos} of the shown elements. */
    private static String block(
            String[] cells,
            int[] shown,
            boolean[] cut,
            int edge,
            int level,
            int pos,
            int indent,
            int width,
            int lineWidth) {
        int rank = shown.length;
        List<String> items = new ArrayList<>();
        if (level == rank - 1) {
            for (int i = 0; i < shown[level]; i++) {
                if (cut[level] && i == edge) {
                    items.add(" ...");
                }
                items.add(cells[pos + i]);
            }
            int perLine = Math.max(1, (lineWidth - indent) / (width + 2));
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    sb.append(i % perLine == 0 ? ",\n" + " ".repeat(indent + 1) : ", ");
                }
                sb.append(items.get(i));
            }
            return sb.append(']').toString();
        }
        int inner = 1;
        for (int d = level + 1; d < rank; d++) {
            inner *= shown[d];
        }
        for (int i = 0; i < shown[level]; i++) {
            if (cut[level] && i == edge) {
                items.add("...");
            }
            items.add(block(cells, shown, cut, edge, level + 1, pos + i * inner, indent + 1, width, lineWidth));
        }
        // Sub-arrays of rank r are separated by r-1 blank lines, as NumPy and PyTorch do.
        String sep = "," + "\n".repeat(rank - level - 1) + " ".repeat(indent + 1);
        return "[" + String.join(sep, items) + "]";
    }

    /** Every element as text, in row-major order, before alignment. */
    private static String[] cells(Tensor v, int precision) {
        int n = JavaArrays.length(v.dims(), "toString");
        String[] out = new String[n];
        switch (v.dtype()) {
            case BOOL -> {
                boolean[] b = v.toBooleanArray();
                for (int i = 0; i < n; i++) {
                    out[i] = b[i] ? "True" : "False";
                }
            }
            case INT32, INT64, INT16, INT8, UINT8 -> {
                long[] l = v.toLongArray();
                for (int i = 0; i < n; i++) {
                    out[i] = Long.toString(l[i]);
                }
            }
            case FLOAT32, FLOAT64, FLOAT16, BFLOAT16 -> floatCells(v.toDoubleArray(), precision, out);
        }
        return out;
    }

    private static void floatCells(double[] v, int precision, String[] out) {
        boolean integral = true;
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        for (double d : v) {
            if (Double.isFinite(d)) {
                integral &= d == Math.rint(d);
                double a = Math.abs(d);
                if (a != 0) {
                    max = Math.max(max, a);
                    min = Math.min(min, a);
                }
            }
        }
        boolean anyNonZero = max > 0;
        boolean wide = anyNonZero && (max / min > 1000.0 || max > 1.0e8);
        boolean sci = integral ? wide : wide || (anyNonZero && min < 1.0e-4);
        String pattern = sci ? "%." + precision + "e" : integral ? "%.0f." : "%." + precision + "f";
        for (int i = 0; i < v.length; i++) {
            double d = v[i];
            if (Double.isNaN(d)) {
                out[i] = "nan";
            } else if (Double.isInfinite(d)) {
                out[i] = d > 0 ? "inf" : "-inf";
            } else {
                out[i] = String.format(Locale.ROOT, pattern, d);
            }
        }
    }
}
