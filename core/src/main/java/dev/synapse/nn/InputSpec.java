package dev.synapse.nn;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a layer accepts, checked every time it is applied, symbolically or on data: a rank (exact,
 * at least, at most) and sizes of particular axes ({@code keras.layers.InputSpec}). A layer sets its
 * spec when it is built, so that applying it later to an incompatible tensor fails at once with the
 * layer's name and both sizes.
 */
public final class InputSpec {
    private final int ndim;
    private final int minNdim;
    private final int maxNdim;
    private final Map<Integer, Integer> axes;

    private InputSpec(int ndim, int minNdim, int maxNdim, Map<Integer, Integer> axes) {
        this.ndim = ndim;
        this.minNdim = minNdim;
        this.maxNdim = maxNdim;
        this.axes = axes;
    }

    /** Any input. */
    public static InputSpec any() {
        return new InputSpec(-1, -1, -1, Map.of());
    }

    /** Inputs of exactly {@code ndim} dimensions, batch included. */
    public static InputSpec ndim(int ndim) {
        return new InputSpec(ndim, -1, -1, Map.of());
    }

    /** Inputs of at least {@code minNdim} dimensions, batch included. */
    public static InputSpec minNdim(int minNdim) {
        return new InputSpec(-1, minNdim, -1, Map.of());
    }

    /** This spec with the size of {@code axis} (negative counts from the end) fixed to {@code size}. */
    public InputSpec axis(int axis, int size) {
        Map<Integer, Integer> m = new LinkedHashMap<>(axes);
        m.put(axis, size);
        return new InputSpec(ndim, minNdim, maxNdim, m);
    }

    /** This spec with at most {@code maxNdim} dimensions. */
    public InputSpec maxNdim(int maxNdim) {
        return new InputSpec(ndim, minNdim, maxNdim, axes);
    }

    /** Throws with the layer's name when {@code shape} does not satisfy the spec. */
    public void check(String layer, int index, int[] shape) {
        String which = index == 0 ? "input" : "input " + index;
        if (ndim >= 0 && shape.length != ndim) {
            throw new IllegalArgumentException(layer + ": expected " + which + " with " + ndim
                    + " dimensions (batch included), got shape " + Shapes.format(shape));
        }
        if (minNdim >= 0 && shape.length < minNdim) {
            throw new IllegalArgumentException(layer + ": expected " + which + " with at least " + minNdim
                    + " dimensions (batch included), got shape " + Shapes.format(shape));
        }
        if (maxNdim >= 0 && shape.length > maxNdim) {
            throw new IllegalArgumentException(layer + ": expected " + which + " with at most " + maxNdim
                    + " dimensions (batch included), got shape " + Shapes.format(shape));
        }
        for (Map.Entry<Integer, Integer> e : axes.entrySet()) {
            int a = e.getKey() < 0 ? e.getKey() + shape.length : e.getKey();
            if (a < 0 || a >= shape.length) {
                continue;
            }
            int got = shape[a];
            if (got >= 0 && got != e.getValue()) {
                String axisName = e.getKey() == -1 ? "last dimension" : "dimension " + e.getKey();
                throw new IllegalArgumentException(layer + ": expected " + which + " with " + axisName + " "
                        + e.getValue() + ", got " + got + " (shape " + Shapes.format(shape) + ")");
            }
        }
    }
}
