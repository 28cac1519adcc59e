package dev.synapse.nn;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The layer behind {@link Input#of}: it has no weights and passes its input through, and its one
 * output is the symbolic tensor a functional model starts from ({@code keras.layers.InputLayer}).
 * Placed first in a {@link Sequential}, it fixes the input shape.
 */
public final class InputLayer extends Layer {
    private final int[] shape;
    private final DType inputDtype;
    private final SymbolicTensor output;

    /** An input of per-sample shape {@code shape} (no batch axis; -1 for unknown sizes), float32. */
    public InputLayer(int... shape) {
        this(null, shape, DType.FLOAT32);
    }

    /** A named input of the given per-sample shape and dtype; {@code name} null for an automatic one. */
    public InputLayer(@Nullable String name, int[] shape, DType dtype) {
        if (name != null) {
            named(name);
        }
        for (int d : shape) {
            if (d < -1) {
                throw new IllegalArgumentException(
                        name() + ": invalid dimension " + d + " in shape " + Shapes.format(shape));
            }
        }
        this.shape = shape.clone();
        this.inputDtype = dtype;
        InputSpec spec = InputSpec.ndim(shape.length + 1);
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] >= 0) {
                spec = spec.axis(i + 1, shape[i]);
            }
        }
        setInputSpec(spec);
        markBuilt();
        LayerNode node = new LayerNode(this, List.of());
        this.output = new SymbolicTensor(Shapes.withBatch(shape), dtype, node, 0);
        node.addOutput(output);
        addNode(node);
    }

    /** The per-sample shape (no batch axis). */
    public int[] shape() {
        return shape.clone();
    }

    /** The symbolic tensor this input stands for. */
    public SymbolicTensor symbolicOutput() {
        return output;
    }

    /** The input's dtype. */
    public DType inputDtype() {
        return inputDtype;
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        return input;
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("shape", Configs.intList(shape));
        m.put("input_dtype", inputDtype.toString());
        return m;
    }

    /** Rebuilds an input layer from its config. */
    public static InputLayer fromConfig(Map<String, Object> c) {
        return new InputLayer(
                (String) c.get("name"),
                Configs.getIntArray(c, "shape"),
                DType.of(Configs.getString(c, "input_dtype", "float32")));
    }
}
