package dev.synapse.nn;

import dev.synapse.tensor.DType;

/**
 * A placeholder for a tensor in a functional model (Keras's {@code KerasTensor}): a shape whose
 * batch axis (and any other axis given as {@link Shapes#UNKNOWN}) is not known yet, a dtype, and the
 * layer application that produces it. {@link Input#of} makes the first ones; applying a layer to
 * symbolic tensors checks their shapes at once and returns new ones; {@code new Model(inputs,
 * outputs)} turns the graph between them into a model.
 */
public final class SymbolicTensor {
    private final int[] shape;
    private final DType dtype;
    private final LayerNode node;
    private final int index;

    SymbolicTensor(int[] shape, DType dtype, LayerNode node, int index) {
        this.shape = shape.clone();
        this.dtype = dtype;
        this.node = node;
        this.index = index;
    }

    /** The shape, batch axis first; {@link Shapes#UNKNOWN} (-1) where not known. */
    public int[] shape() {
        return shape.clone();
    }

    /** Dimension {@code axis} (negative counts from the end); -1 when unknown. */
    public int dim(int axis) {
        return shape[Shapes.axis(axis, shape.length, "SymbolicTensor.dim")];
    }

    /** The number of dimensions, batch included. */
    public int rank() {
        return shape.length;
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** The layer that produced this tensor (an {@link InputLayer} for model inputs). */
    public Layer layer() {
        return node.layer();
    }

    /** The layer application that produced this tensor. */
    public LayerNode node() {
        return node;
    }

    /** Which output of its node this tensor is. */
    public int index() {
        return index;
    }

    @Override
    public String toString() {
        return "<SymbolicTensor shape=" + Shapes.format(shape) + ", dtype=" + dtype + ", source="
                + node.layer().name() + (node.outputs().size() > 1 ? "[" + index + "]" : "") + ">";
    }
}
