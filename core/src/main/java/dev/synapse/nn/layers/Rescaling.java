package dev.synapse.nn.layers;

import dev.synapse.nn.Layer;
import dev.synapse.nn.Shapes;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code x * scale + offset} with constant scale and offset ({@code keras.layers.Rescaling}, as in
 * {@code Rescaling(1 / 255.0)}; in PyTorch the constant arithmetic of a {@code forward}, such as
 * {@code (x - mean) / std}). Scale and offset are numbers or arrays that broadcast against the whole input,
 * batch axis included, as Keras broadcasts them: {@code [C]} per channel of a channels-last image,
 * {@code [C, 1, 1]} of a channels-first one. The result keeps the input's shape, so an array may not widen
 * it. The layer has no weights.
 */
public class Rescaling extends Layer {
    private final Constant scale;
    private final Constant offset;

    /** {@code x * scale} ({@code Rescaling(scale)}). */
    public Rescaling(double scale) {
        this(scale, 0.0);
    }

    /** {@code x * scale + offset} ({@code Rescaling(scale, offset)}). */
    public Rescaling(double scale, double offset) {
        this(Tensor.scalar(scale, DType.FLOAT64), Tensor.scalar(offset, DType.FLOAT64));
    }

    /**
     * {@code x * scale + offset} with arrays (or scalar tensors) that broadcast against the input; their values
     * are copied.
     */
    public Rescaling(Tensor scale, Tensor offset) {
        this.scale = Constant.of("scale", Objects.requireNonNull(scale, "scale"));
        this.offset = Constant.of("offset", Objects.requireNonNull(offset, "offset"));
    }

    private Rescaling(Constant scale, Constant offset) {
        this.scale = scale;
        this.offset = offset;
    }

    /** The scale's values, row-major, and {@link #scaleShape()} their shape. */
    public double[] scale() {
        return scale.values.clone();
    }

    /** The scale's shape ({@code []} for a number). */
    public int[] scaleShape() {
        return scale.shape.clone();
    }

    /** The offset's values, row-major. */
    public double[] offset() {
        return offset.values.clone();
    }

    /** The offset's shape ({@code []} for a number). */
    public int[] offsetShape() {
        return offset.shape.clone();
    }

    @Override
    protected int[] computeOutputShape(int[] inputShape) {
        scale.check(inputShape, this);
        offset.check(inputShape, this);
        return inputShape;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Tensor scaled = scale.isOne() ? x : scale.isScalar() ? x.mul(scale.values[0]) : x.mul(scale.tensor(x));
        if (offset.isZero()) {
            return scaled;
        }
        return offset.isScalar() ? scaled.add(offset.values[0]) : scaled.add(offset.tensor(x));
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("scale", scale.toConfig());
        m.put("offset", offset.toConfig());
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static Rescaling fromConfig(Map<String, Object> c) {
        return new Rescaling(
                Constant.fromConfig("scale", c.get("scale"), 1.0), Constant.fromConfig("offset", c.get("offset"), 0.0));
    }

    /** A number or an array of numbers, with its shape. */
    private record Constant(String name, double[] values, int[] shape) {
        static Constant of(String name, Tensor t) {
            double[] v = t.toDoubleArray();
            for (double d : v) {
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("Rescaling: " + name + " must be finite, got " + d);
                }
            }
            return new Constant(name, v, t.dims());
        }

        boolean isScalar() {
            return values.length == 1 && shape.length == 0;
        }

        boolean isOne() {
            return isScalar() && values[0] == 1.0;
        }

        boolean isZero() {
            return isScalar() && values[0] == 0.0;
        }

        /** Refuses an array that does not broadcast into {@code input} (batch axis included) without widening it. */
        void check(int[] input, Layer layer) {
            boolean fits = shape.length <= input.length;
            for (int i = 0; fits && i < shape.length; i++) {
                int d = shape[shape.length - 1 - i];
                int axis = input.length - 1 - i;
                fits = d == 1 || (axis > 0 && d == input[axis]);
            }
            if (!fits) {
                throw new IllegalArgumentException("Rescaling '" + layer.name() + "': " + name + " of shape "
                        + Shapes.format(shape) + " does not broadcast into the input's shape "
                        + Shapes.format(input) + " without changing it");
            }
        }

        /** The values as a tensor of {@code like}'s dtype on its device. */
        Tensor tensor(Tensor like) {
            Device device = like.device();
            try (var _ = device.use()) {
                return Tensor.wrap(values.clone(), shape).to(like.dtype());
            }
        }

        @Nullable
        Object toConfig() {
            return isScalar() ? values[0] : nested(0, 0);
        }

        private List<Object> nested(int axis, int offset) {
            List<Object> out = new ArrayList<>();
            int stride = 1;
            for (int i = axis + 1; i < shape.length; i++) {
                stride *= shape[i];
            }
            for (int i = 0; i < shape[axis]; i++) {
                out.add(axis == shape.length - 1 ? (Object) values[offset + i] : nested(axis + 1, offset + i * stride));
            }
            return out;
        }

        static Constant fromConfig(String name, @Nullable Object v, double absent) {
            if (v == null) {
                return new Constant(name, new double[] {absent}, new int[0]);
            }
            if (v instanceof Number n) {
                return of(name, Tensor.scalar(n.doubleValue(), DType.FLOAT64));
            }
            List<Integer> dims = new ArrayList<>();
            Object level = v;
            while (level instanceof List<?> l) {
                dims.add(l.size());
                level = l.isEmpty() ? null : l.get(0);
            }
            int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
            long count = 1;
            for (int d : shape) {
                count *= d;
                if (d == 0 || count > (1 << 24)) {
                    throw new IllegalArgumentException(
                            "Rescaling: " + name + " should be a number or a non-empty array, got " + v);
                }
            }
            double[] values = new double[(int) count];
            int filled = flatten(v, 0, shape, values, 0, name);
            if (filled != values.length) {
                throw new IllegalArgumentException("Rescaling: " + name + " is not a rectangular array: " + v);
            }
            return of(name, Tensor.wrap(values, shape));
        }

        private static int flatten(Object v, int axis, int[] shape, double[] out, int at, String name) {
            if (axis == shape.length) {
                if (!(v instanceof Number n)) {
                    throw new IllegalArgumentException("Rescaling: " + name + " holds " + v + ", not a number");
                }
                out[at] = n.doubleValue();
                return at + 1;
            }
            if (!(v instanceof List<?> l) || l.size() != shape[axis]) {
                throw new IllegalArgumentException(
                        "Rescaling: " + name + " is not a rectangular array of shape " + Arrays.toString(shape));
            }
            int next = at;
            for (Object o : l) {
                next = flatten(o, axis + 1, shape, out, next, name);
            }
            return next;
        }

        @Override
        public boolean equals(@Nullable Object o) {
            return o instanceof Constant c && Arrays.equals(values, c.values) && Arrays.equals(shape, c.shape);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(values) + Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape) + Arrays.toString(values);
        }
    }
}
