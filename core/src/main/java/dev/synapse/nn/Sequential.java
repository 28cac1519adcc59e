package dev.synapse.nn;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A plain stack of layers, each feeding the next ({@code keras.Sequential}, {@code nn.Sequential}).
 *
 * <pre>{@code
 * var model = new Sequential(
 *         new Flatten().withInputShape(28, 28),
 *         new Dense(64, Activation.RELU),
 *         new Dense(10, Activation.SOFTMAX));
 * model.summary();
 * }</pre>
 *
 * <p>When the input shape is known (an {@link InputLayer} or {@code Input.of(...)} first, a first
 * layer with {@link Layer#withInputShape}, or a first layer that is a model with inputs) every
 * layer is built as it is added, so a shape mismatch fails at {@link #add}. Otherwise the model is
 * built by its first call on data (or {@link Layer#buildFor(int...)}).
 */
public class Sequential extends Model {
    private final List<Layer> stack = new ArrayList<>();
    /** {@link #stack}'s layers and their names, so that {@link #add} checks a new layer in constant time. */
    private final Set<Layer> members = Collections.newSetFromMap(new IdentityHashMap<>());

    private final Map<String, Layer> byName = new HashMap<>();
    private final List<SymbolicTensor> chain = new ArrayList<>();
    private @Nullable SymbolicTensor symbolicInput;

    /** An empty model; {@link #add} layers to it. */
    public Sequential() {}

    /** The given layers in order. */
    public Sequential(Layer... layers) {
        this(null, Arrays.asList(layers));
    }

    /** The given layers in order. */
    public Sequential(List<? extends Layer> layers) {
        this(null, layers);
    }

    /**
     * An input (from {@link Input#of}) followed by the given layers, as Keras 3's
     * {@code Sequential([Input(...), ...])}.
     */
    public Sequential(SymbolicTensor input, Layer... layers) {
        Objects.requireNonNull(input, "input");
        this(input, Arrays.asList(layers));
    }

    // javac cannot see past this file: add is final and reaches only final bookkeeping in Model and
    // Layer (setGraph, extendChain, track, error), so no method a subclass overrides runs on it early.
    @SuppressWarnings("this-escape")
    private Sequential(@Nullable SymbolicTensor input, List<? extends Layer> layers) {
        if (input != null) {
            add(input);
        }
        for (Layer l : layers) {
            add(l);
        }
    }

    /** Gives the model an explicit name; returns it. */
    @Override
    public Sequential named(String newName) {
        super.named(newName);
        return this;
    }

    /** Sets the input from {@link Input#of}; only before the first layer. */
    public final Sequential add(SymbolicTensor input) {
        if (!(input.layer() instanceof InputLayer) || !input.node().inputs().isEmpty()) {
            throw error("add: only an Input can be added as a symbolic tensor, got " + input);
        }
        if (!stack.isEmpty() || symbolicInput != null) {
            throw error("add: an Input must come before every layer");
        }
        startGraph(input);
        return this;
    }

    /** Appends a layer; builds it at once when the input shape is known. */
    @SuppressWarnings("ReferenceEquality") // a model containing itself is a matter of identity
    public final Sequential add(Layer layer) {
        if (layer instanceof InputLayer il) {
            return add(il.symbolicOutput());
        }
        if (layer == this) {
            throw error("add: a model cannot contain itself");
        }
        if (members.contains(layer)) {
            throw error("add: layer '" + layer.name() + "' is already in this model");
        }
        Layer sameName = byName.get(layer.name());
        if ((sameName != null && sameName.name().equals(layer.name()))
                || (symbolicInput != null && symbolicInput.layer().name().equals(layer.name()))) {
            throw error("add: two different layers are named '" + layer.name()
                    + "'; layer names in a model must be unique");
        }
        if (stack.isEmpty() && symbolicInput == null) {
            int[] declared = layer.declaredInputShape();
            if (declared != null) {
                startGraph(Input.of(declared));
            } else if (layer instanceof Model m
                    && !(m instanceof Sequential s && s.symbolicInput == null)
                    && m.inputs().size() == 1) {
                SymbolicTensor mi = m.inputs().get(0);
                startGraph(Input.of(mi.dtype(), Shapes.withoutBatch(mi.shape())));
            }
        }
        if (symbolicInput != null) {
            SymbolicTensor prev = chain.isEmpty() ? symbolicInput : chain.get(chain.size() - 1);
            SymbolicTensor out = layer.apply(prev);
            chain.add(out);
            // Extend the graph by the one new node rather than re-walking it: adding n layers stays linear.
            if (chain.size() == 1) {
                setGraph(List.of(symbolicInput), List.of(out));
            } else {
                extendChain(out.node());
            }
        }
        stack.add(layer);
        members.add(layer);
        byName.put(layer.name(), layer);
        track(layer);
        return this;
    }

    /** Removes and returns the last layer ({@code pop()}). */
    public final Layer pop() {
        if (stack.isEmpty()) {
            throw error("pop: the model has no layers");
        }
        Layer last = stack.remove(stack.size() - 1);
        members.remove(last);
        byName.remove(last.name(), last);
        untrack(last);
        if (!chain.isEmpty()) {
            chain.remove(chain.size() - 1);
            shortenChain();
        }
        return last;
    }

    private void startGraph(SymbolicTensor input) {
        symbolicInput = input;
        chain.clear();
        SymbolicTensor prev = input;
        for (Layer l : stack) {
            prev = l.apply(prev);
            chain.add(prev);
        }
        if (!chain.isEmpty()) {
            setGraph(List.of(symbolicInput), List.of(prev));
        }
    }

    @Override
    public List<Layer> layers() {
        return Collections.unmodifiableList(stack);
    }

    @Override
    public List<SymbolicTensor> inputs() {
        if (symbolicInput == null) {
            throw new IllegalStateException(name() + ": has no input yet; give it an Input or call it on data first");
        }
        return List.of(symbolicInput);
    }

    @Override
    public List<SymbolicTensor> outputs() {
        if (chain.isEmpty()) {
            throw new IllegalStateException(name() + ": has no output yet; give it an Input and a layer first");
        }
        return List.of(chain.get(chain.size() - 1));
    }

    @Override
    protected void build(List<int[]> inputShapes) {
        int[] shape = single(inputShapes, "input");
        if (symbolicInput == null) {
            startGraph(Input.of(dtype(), Shapes.withoutBatch(shape)));
        }
    }

    @Override
    protected List<Tensor> call(List<Tensor> xs, boolean training) {
        Tensor x = single(xs, "input");
        if (symbolicInput == null) {
            startGraph(Input.of(x.dtype(), Shapes.withoutBatch(x.dims())));
        } else if (!Shapes.compatible(symbolicInput.shape(), x.dims())) {
            throw error("expected input with shape " + Shapes.format(symbolicInput.shape()) + ", got "
                    + Shapes.format(x.dims()));
        }
        for (Layer l : stack) {
            x = l.single(l.applyInside(List.of(x), training), "output");
        }
        return List.of(x);
    }

    @Override
    protected List<int[]> computeOutputShapes(List<int[]> inputShapes) {
        int[] shape = single(inputShapes, "input");
        if (symbolicInput != null && !Shapes.compatible(symbolicInput.shape(), shape)) {
            throw error("expected input with shape " + Shapes.format(symbolicInput.shape()) + ", got "
                    + Shapes.format(shape));
        }
        for (Layer l : stack) {
            shape = l.outputShapes(List.of(shape), DType.FLOAT32).get(0);
        }
        return List.of(shape);
    }

    @Override
    protected DType computeOutputDtype(DType inputDtype) {
        return inputDtype;
    }

    @Override
    List<Summary.Row> summaryRows() {
        List<Summary.Row> rows = new ArrayList<>();
        for (int i = 0; i < stack.size(); i++) {
            String shape = i < chain.size() ? Model.shapesOf(chain.get(i).node()) : "?";
            rows.add(new Summary.Row(stack.get(i), shape, List.of()));
        }
        return rows;
    }

    @Override
    boolean isChain() {
        return true;
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (symbolicInput != null) {
            m.put("build_input_shape", Configs.intList(Shapes.withoutBatch(symbolicInput.shape())));
            m.put("input_dtype", symbolicInput.dtype().toString());
        }
        List<Object> ls = new ArrayList<>();
        for (Layer l : stack) {
            ls.add(LayerRegistry.serialize(l));
        }
        m.put("layers", ls);
        return m;
    }

    /** Rebuilds a sequential model from its config: new layers, fresh weights. */
    @SuppressWarnings("unchecked")
    public static Sequential fromConfig(Map<String, Object> c) {
        Sequential s = new Sequential();
        Object shape = c.get("build_input_shape");
        if (shape != null) {
            s.add(Input.of(DType.of(Configs.getString(c, "input_dtype", "float32")), Configs.toIntArray(shape)));
        }
        for (Object o : (List<Object>) Configs.require(c, "layers")) {
            s.add(LayerRegistry.fromConfig((Map<String, Object>) o));
        }
        return s;
    }
}
