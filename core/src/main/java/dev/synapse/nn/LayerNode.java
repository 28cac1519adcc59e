package dev.synapse.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One application of a layer to symbolic tensors: an edge bundle of the functional graph (Keras's
 * {@code Node}). A layer applied twice (a shared layer) has two nodes. Nodes are numbered in the
 * order they are made, which is a topological order: a node is made only after its inputs.
 */
public final class LayerNode {
    private static final AtomicLong NEXT_ID = new AtomicLong();

    private final long id = NEXT_ID.getAndIncrement();
    private final Layer layer;
    private final List<SymbolicTensor> inputs;
    private final List<SymbolicTensor> outputs = new ArrayList<>();

    LayerNode(Layer layer, List<SymbolicTensor> inputs) {
        this.layer = layer;
        this.inputs = List.copyOf(inputs);
    }

    /** The layer applied. */
    public Layer layer() {
        return layer;
    }

    /** The tensors it was applied to (none for an {@link InputLayer}). */
    public List<SymbolicTensor> inputs() {
        return inputs;
    }

    /** The tensors it produced. */
    public List<SymbolicTensor> outputs() {
        return Collections.unmodifiableList(outputs);
    }

    /** The creation number: a node's inputs always have smaller numbers. */
    public long id() {
        return id;
    }

    void addOutput(SymbolicTensor t) {
        outputs.add(t);
    }

    @Override
    public String toString() {
        return "LayerNode(" + layer.name() + ", " + inputs.size() + " inputs)";
    }
}
