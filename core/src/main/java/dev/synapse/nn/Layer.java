package dev.synapse.nn;

import dev.synapse.nn.initializers.Initializer;
import dev.synapse.nn.regularizers.Regularizer;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The base of every layer and model: Keras's {@code keras.layers.Layer}, PyTorch's
 * {@code torch.nn.Module}. A layer is state (its {@link Weight}s) plus a computation written with
 * tensor ops.
 *
 * <p>Shapes put the batch axis first ({@code [batch, ...]}) and images are channels-last
 * ({@code [batch, height, width, channels]}), as in Keras. A subclass
 * <ul>
 *   <li>creates its weights in {@link #build(int[])} with {@link #addWeight}, once the first input's
 *       shape is known (lazy building);</li>
 *   <li>computes in {@link #call(Tensor, boolean)}; the flag says whether this is training
 *       (dropout, noise and batch statistics are active only then);</li>
 *   <li>states its output shape in {@link #computeOutputShape(int[])}, so functional models check
 *       shapes when they are put together, not at the first batch;</li>
 *   <li>returns its arguments from {@link #config()} for saving (see {@link LayerRegistry}).</li>
 * </ul>
 * Layers with several inputs or outputs override the {@code List} forms of the same methods.
 *
 * <p>Every layer gets a unique automatic name ({@code dense}, {@code dense_1}, ...) unless given one
 * with {@link #named}. {@link #setTrainable} freezes a layer and, for models, every layer inside.
 *
 * <p>A layer has a mode, as a PyTorch module has: {@link #train()} and {@link #eval()} switch it for the
 * layer and every layer inside, and {@link #apply(Tensor)} runs in it. A {@code Trainer} puts the
 * module's layers in training mode for training steps and in inference mode for validation, test and
 * predict. A {@code training} argument given to {@link #apply(Tensor, boolean)} wins over the mode, as
 * Keras's {@code model(x, training=True)} does, and every layer called inside that call follows it
 * (Keras's call context); called without one, each layer inside runs in its own mode, as PyTorch's
 * submodules do (a block set to {@link #eval()} inside a model in training mode runs in inference).
 *
 * <p>Building is thread-safe: when several threads make the first call of an unbuilt layer at once,
 * one builds it and the others wait for it.
 */
public abstract class Layer {
    private static final int BY_MODE = 0;
    private static final int INFERENCE = 1;
    private static final int TRAINING = 2;
    /**
     * Per thread, the kind of the innermost call in progress: {@link #BY_MODE} when it came without a
     * training argument (or there is none), else the argument it came with; see {@link #applyInside}.
     */
    private static final ThreadLocal<int[]> CALL = ThreadLocal.withInitial(() -> new int[] {BY_MODE});

    private final String baseName;
    private String name;
    private boolean autoNamed;
    private boolean trainable = true;
    /** Volatile so that a thread that sees a built layer also sees its weights (see {@link #maybeBuild}). */
    private volatile boolean built;

    private final Object buildLock = new Object();
    private volatile boolean training;
    private @Nullable DType dtype;
    /** Whether {@link #withDtype} (or a config's {@code "dtype"}) chose the dtype, which the config then keeps. */
    private boolean dtypeGiven;
    /** Where weights made later go, once {@link #to(Device)} was called; else the default device at build. */
    private volatile @Nullable Device placement;

    // Taken when the layer is made, as Keras layers take the global policy in their constructor.
    private final Policy policy = Policy.global();
    private int @Nullable [] declaredInputShape;
    private InputSpec inputSpec = InputSpec.any();
    private @Nullable List<InputSpec> perInputSpecs;
    private @Nullable Regularizer activityRegularizer;
    private final List<Weight> ownWeights = new ArrayList<>();
    private final List<Layer> children = new ArrayList<>();
    private final Set<Layer> childSet = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<LayerNode> nodes = new ArrayList<>();
    private final List<Tensor> activityLosses = new ArrayList<>();

    /** A layer with an automatic name derived from its class; a functional {@link Model}'s is {@code functional}. */
    protected Layer() {
        // Decided here rather than by an overridable method, which would run before the subclass is initialised.
        String simple = getClass() == Model.class ? "Functional" : getClass().getSimpleName();
        this.baseName = Names.snakeCase(simple.isEmpty() ? "Layer" : simple);
        this.name = Names.unique(baseName);
        this.autoNamed = true;
    }

    /** A layer whose inputs are checked against {@code inputSpec} (see {@link #setInputSpec}). */
    protected Layer(InputSpec inputSpec) {
        this(null, null, inputSpec);
    }

    /**
     * A layer with an explicit name (as {@link #named}), a declared per-sample input shape (as
     * {@link #withInputShape}) and an input spec (as {@link #setInputSpec}); null leaves any of them
     * unset. For builders' constructors, which should not call those methods on a half-built object.
     */
    protected Layer(@Nullable String name, int @Nullable [] inputShape, @Nullable InputSpec inputSpec) {
        this();
        if (name != null) {
            rename(name);
        }
        if (inputShape != null) {
            this.declaredInputShape = inputShape.clone();
        }
        if (inputSpec != null) {
            this.inputSpec = inputSpec;
        }
    }

    // ---- identity --------------------------------------------------------------------------------

    /** The name, unique among automatically named layers: {@code dense_1}. */
    public final String name() {
        return name;
    }

    /**
     * Gives this layer an explicit name ({@code name=} in Keras) and returns it. Must be called before
     * the layer is applied. Names may not contain {@code '.'} or {@code '/'}, which separate weight paths.
     */
    public Layer named(String newName) {
        rename(newName);
        return this;
    }

    private void rename(String newName) {
        if (newName == null || newName.isEmpty() || newName.contains(".") || newName.contains("/")) {
            throw new IllegalArgumentException(
                    "layer names must be non-empty and contain no '.' or '/', got '" + newName + "'");
        }
        if (!nodes.isEmpty()) {
            throw new IllegalStateException(name + ": cannot be renamed after it has been applied");
        }
        if (autoNamed) {
            Names.release(baseName, name);
        }
        this.name = newName;
        this.autoNamed = false;
        Names.reserve(newName);
    }

    /** The type name used in configs and summaries: the class's simple name, e.g. {@code Dense}. */
    public String className() {
        String s = getClass().getSimpleName();
        return s.isEmpty() ? "Layer" : s;
    }

    /**
     * Declares the per-sample input shape (no batch axis), as Keras 2's {@code input_shape=} argument:
     * a {@link Sequential} whose first layer declares it is built at once. Returns this layer.
     */
    public final Layer withInputShape(int... shape) {
        this.declaredInputShape = shape.clone();
        return this;
    }

    /** The per-sample input shape given with {@link #withInputShape}, or {@code null}. */
    public final int @Nullable [] declaredInputShape() {
        return declaredInputShape == null ? null : declaredInputShape.clone();
    }

    /** Adds an activity regularizer: a penalty on this layer's output, recorded in training calls. */
    public final Layer withActivityRegularizer(Regularizer regularizer) {
        this.activityRegularizer = regularizer;
        return this;
    }

    /** The activity regularizer, or {@code null}. */
    public final @Nullable Regularizer activityRegularizer() {
        return activityRegularizer;
    }

    // ---- what subclasses implement -----------------------------------------------------------

    /** Creates the weights for inputs of the given shape (batch axis first, -1 where unknown). */
    protected void build(int[] inputShape) {}

    /** Multi-input form of {@link #build(int[])}; by default requires one input. */
    protected void build(List<int[]> inputShapes) {
        build(single(inputShapes, "input"));
    }

    /** The output shape for inputs of the given shape; by default the same shape. */
    protected int[] computeOutputShape(int[] inputShape) {
        return inputShape;
    }

    /** Multi-input and multi-output form of {@link #computeOutputShape(int[])}. */
    protected List<int[]> computeOutputShapes(List<int[]> inputShapes) {
        return List.of(computeOutputShape(single(inputShapes, "input")));
    }

    /** The output dtype for an input dtype; by default the same. */
    protected DType computeOutputDtype(DType inputDtype) {
        return inputDtype;
    }

    /** Computes the output; {@code training} is true inside a training step. */
    protected Tensor call(Tensor input, boolean training) {
        throw new UnsupportedOperationException(name + ": " + className() + " does not implement call");
    }

    /** Multi-input and multi-output form of {@link #call(Tensor, boolean)}. */
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        return List.of(call(single(inputs, "input"), training));
    }

    /** The layer's own arguments for its config, as JSON-friendly values; see {@link #getConfig()}. */
    protected Map<String, Object> config() {
        return new LinkedHashMap<>();
    }

    // ---- helpers for subclasses ----------------------------------------------------------------

    /**
     * Creates a weight ({@code add_weight} in Keras), in this layer's dtype (float32 unless the layer
     * was built from float64 input). A trainable weight's tensor requires gradients.
     */
    protected final Weight addWeight(
            String weightName,
            int[] shape,
            Initializer initializer,
            @Nullable Regularizer regularizer,
            boolean trainable) {
        for (Weight w : ownWeights) {
            if (w.name().equals(weightName)) {
                throw new IllegalStateException(name + ": a weight named '" + weightName + "' already exists");
            }
        }
        ExpectedWeights.claim(name, weightName, shape);
        Tensor value;
        Device target = placement;
        try (var _ = target != null ? target.use() : null) {
            value = initializer.create(shape.clone(), dtype());
        }
        Weight w = new Weight(this, weightName, value, trainable, initializer, regularizer);
        ownWeights.add(w);
        return w;
    }

    /** A trainable weight without a regularizer. */
    protected final Weight addWeight(String weightName, int[] shape, Initializer initializer) {
        return addWeight(weightName, shape, initializer, null, true);
    }

    /** Registers a layer used inside this one (a wrapped layer, a model's layers): its weights become ours. */
    protected final <L extends Layer> L track(L layer) {
        // A set beside the list keeps tracking constant-time, so models of many layers build in linear time.
        if (childSet.add(layer)) {
            children.add(layer);
            Device target = placement;
            if (target != null) {
                layer.to(target);
            }
        }
        return layer;
    }

    /** Stops tracking {@code layer} (a layer popped from a Sequential). */
    final void untrack(Layer layer) {
        if (childSet.remove(layer)) {
            int last = children.lastIndexOf(layer);
            children.remove(last);
        }
    }

    /** Sets the spec that inputs are checked against; layers usually set it in {@link #build}. */
    protected final void setInputSpec(InputSpec spec) {
        this.inputSpec = spec;
        this.perInputSpecs = null;
    }

    /** One spec per input, in order; inputs past the list's end are not checked (an RNN's initial states). */
    protected final void setInputSpecs(List<InputSpec> specs) {
        this.perInputSpecs = List.copyOf(specs);
    }

    /** An exception whose message starts with this layer's name. */
    protected final IllegalArgumentException error(String message) {
        return new IllegalArgumentException(name + ": " + message);
    }

    /** The weight's value in {@code like}'s float dtype (cast, gradient flowing back, if they differ). */
    protected static Tensor valueLike(Weight w, Tensor like) {
        Tensor v = w.value();
        return like.dtype().isFloating() && v.dtype() != like.dtype() ? v.to(like.dtype()) : v;
    }

    /** The only element of {@code items}, or an error naming this layer. */
    protected final <E> E single(List<E> items, String what) {
        if (items.size() != 1) {
            throw error("expected 1 " + what + ", got " + items.size());
        }
        return items.get(0);
    }

    // ---- building and shapes -------------------------------------------------------------------

    /** True once the weights exist. */
    public final boolean isBuilt() {
        return built;
    }

    /** The dtype of this layer's weights (fixed when built; float32 before, unless given by {@link #withDtype}). */
    public final DType dtype() {
        return dtype == null ? DType.FLOAT32 : dtype;
    }

    /**
     * Makes this layer's weights in {@code dtype} when it is built (Keras's {@code dtype=} argument, PyTorch's
     * {@code dtype=} of a module's constructor or {@code module.double()} before any use), instead of taking the
     * first input's floating dtype or, under a mixed {@link Policy}, its variable dtype. The computation still runs in
     * the dtype of the inputs (or the policy's compute dtype), the weights cast to it; feed float64 inputs to
     * compute in float64. Saved in the config as {@code "dtype"}. Returns this layer.
     *
     * @throws IllegalArgumentException for a dtype that is not floating
     * @throws IllegalStateException once the layer is built in another dtype
     */
    public Layer withDtype(DType dtype) {
        Objects.requireNonNull(dtype, "dtype");
        if (!dtype.isFloating()) {
            throw error("withDtype: weights must have a floating dtype, got " + dtype);
        }
        synchronized (buildLock) {
            if (built && this.dtype != dtype) {
                throw new IllegalStateException(
                        name + ": withDtype(" + dtype + ") after the layer was built with " + dtype() + " weights");
            }
            this.dtype = dtype;
            this.dtypeGiven = true;
        }
        return this;
    }

    /** Builds the layer for inputs of the given shape (batch axis first), as Keras's {@code build(input_shape)}. */
    public final void buildFor(int... inputShape) {
        maybeBuild(List.of(inputShape), DType.FLOAT32);
    }

    /**
     * Builds the layer once. Threads that race into the first call wait on one lock while the first
     * builds, then see {@code built} set (volatile, written last) and every weight it made.
     */
    final void maybeBuild(List<int[]> shapes, @Nullable DType inputDtype) {
        if (built) {
            return;
        }
        synchronized (buildLock) {
            if (built) {
                return;
            }
            if (dtype == null && policy.isMixed()) {
                dtype = policy.variableDtype();
            } else if (dtype == null) {
                dtype = inputDtype != null && inputDtype.isFloating() ? inputDtype : DType.FLOAT32;
            }
            build(shapes);
            built = true;
        }
    }

    /** Marks the layer built without calling {@link #build}, for containers that build themselves. */
    final void markBuilt() {
        built = true;
    }

    /**
     * The output shapes for inputs of the given shapes (batch axis first), building the layer first
     * and checking the inputs against its spec, as applying it to symbolic tensors does.
     */
    public final List<int[]> outputShapes(List<int[]> inputShapes, DType inputDtype) {
        List<int[]> shapes = new ArrayList<>(inputShapes.size());
        for (int[] s : inputShapes) {
            shapes.add(s.clone());
        }
        maybeBuild(shapes, inputDtype);
        checkInputs(shapes);
        List<int[]> out = computeOutputShapes(shapes);
        List<int[]> copies = new ArrayList<>(out.size());
        for (int[] s : out) {
            copies.add(s.clone());
        }
        return copies;
    }

    /** Single-input, single-output form of {@link #outputShapes(List, DType)}. */
    public final int[] outputShape(int[] inputShape) {
        return single(outputShapes(List.of(inputShape), DType.FLOAT32), "output");
    }

    private void checkInputs(List<int[]> shapes) {
        for (int i = 0; i < shapes.size(); i++) {
            if (perInputSpecs == null) {
                inputSpec.check(name, i, shapes.get(i));
            } else if (i < perInputSpecs.size()) {
                perInputSpecs.get(i).check(name, i, shapes.get(i));
            }
        }
    }

    // ---- applying ------------------------------------------------------------------------------

    /**
     * Applies the layer to data in its mode ({@code module(x)}; {@code layer(x)}): inference unless
     * {@link #train()} was called, which a {@code Trainer} does around training steps. Called inside
     * another layer's call that was given a training argument (a subclassed model's {@code call}), it
     * takes that argument instead, as Keras layers inherit it from their call context.
     */
    public final Tensor apply(Tensor input) {
        int outer = CALL.get()[0];
        boolean flag = outer == BY_MODE ? training : outer == TRAINING;
        return single(callIn(outer, List.of(input), flag), "output");
    }

    /**
     * Applies the layer to data; {@code training} turns on dropout, noise and batch statistics and wins
     * over the layer's mode ({@code layer(x, training=True)}).
     */
    public final Tensor apply(Tensor input, boolean training) {
        return single(applyAll(List.of(input), training), "output");
    }

    /** Applies a multi-input layer to data, returning its single output. */
    public final Tensor apply(List<Tensor> inputs, boolean training) {
        return single(applyAll(inputs, training), "output");
    }

    /**
     * Applies the layer to data and returns all its outputs (an LSTM with {@code returnState}, a
     * model with several outputs). Builds the layer on first use and checks the inputs' shapes.
     */
    public final List<Tensor> applyAll(List<Tensor> inputs, boolean training) {
        return callIn(training ? TRAINING : INFERENCE, inputs, training);
    }

    /**
     * Applies a layer inside a container (a model's layer): with the container's {@code training} flag
     * when that came as an argument, as Keras passes it down, or in the inner layer's own mode when the
     * outermost call had none, as a PyTorch module runs each submodule in its own mode.
     */
    final List<Tensor> applyInside(List<Tensor> inputs, boolean training) {
        return run(inputs, CALL.get()[0] == BY_MODE ? this.training : training);
    }

    /** Runs {@link #run} with the thread marked as inside a call of the given kind. */
    private List<Tensor> callIn(int kind, List<Tensor> inputs, boolean training) {
        int[] mark = CALL.get();
        int outer = mark[0];
        mark[0] = kind;
        try {
            return run(inputs, training);
        } finally {
            mark[0] = outer;
        }
    }

    private List<Tensor> run(List<Tensor> inputs, boolean training) {
        if (inputs.isEmpty()) {
            throw error("called with no inputs");
        }
        List<int[]> shapes = new ArrayList<>(inputs.size());
        DType dt = null;
        for (Tensor t : inputs) {
            int[] s = t.dims();
            shapes.add(s);
            if (dt == null && t.dtype().isFloating()) {
                dt = t.dtype();
            }
        }
        if (!built) {
            List<int[]> unknownBatch = new ArrayList<>();
            for (int[] s : shapes) {
                int[] u = s.clone();
                if (u.length > 0) {
                    u[0] = Shapes.UNKNOWN;
                }
                unknownBatch.add(u);
            }
            maybeBuild(unknownBatch, dt);
        }
        checkInputs(shapes);
        activityLosses.clear();
        List<Tensor> outputs = call(policy.isMixed() ? autocast(inputs) : inputs, training);
        if (activityRegularizer != null && training) {
            for (Tensor o : outputs) {
                activityLosses.add(activityRegularizer.penalty(o));
            }
        }
        return outputs;
    }

    /** Floating inputs in the policy's compute dtype (as Keras's autocast of layer inputs); others as they are. */
    private List<Tensor> autocast(List<Tensor> inputs) {
        List<Tensor> out = new ArrayList<>(inputs.size());
        for (Tensor t : inputs) {
            out.add(t.dtype().isFloating() ? t.to(policy.computeDtype()) : t);
        }
        return out;
    }

    /**
     * The dtype policy this layer took when it was made ({@code layer.dtype_policy}): under a mixed policy its
     * weights are float32 and it computes in {@link Policy#computeDtype()}.
     */
    public final Policy dtypePolicy() {
        return policy;
    }

    /** Applies the layer to a symbolic tensor (functional API), returning its single output. */
    public final SymbolicTensor apply(SymbolicTensor... inputs) {
        return single(applyAll(List.of(inputs)), "output");
    }

    /** Applies a multi-input layer to symbolic tensors, returning its single output. */
    public final SymbolicTensor apply(List<SymbolicTensor> inputs) {
        return single(applyAll(inputs), "output");
    }

    /** Applies the layer to symbolic tensors and returns all its symbolic outputs. */
    public final List<SymbolicTensor> applyAll(SymbolicTensor... inputs) {
        return applyAll(List.of(inputs));
    }

    /**
     * Applies the layer to symbolic tensors: builds it, checks the shapes and records the application
     * in the graph, which {@code new Model(inputs, outputs)} then runs.
     */
    public final List<SymbolicTensor> applyAll(List<SymbolicTensor> inputs) {
        if (inputs.isEmpty()) {
            throw error("applied to no inputs");
        }
        List<int[]> shapes = new ArrayList<>();
        DType dt = null;
        for (SymbolicTensor t : inputs) {
            shapes.add(t.shape());
            if (dt == null && t.dtype().isFloating()) {
                dt = t.dtype();
            }
        }
        DType inDt = dt == null ? inputs.get(0).dtype() : dt;
        List<int[]> outShapes = outputShapes(shapes, inDt);
        LayerNode node = new LayerNode(this, inputs);
        DType outDt = computeOutputDtype(inDt);
        for (int i = 0; i < outShapes.size(); i++) {
            node.addOutput(new SymbolicTensor(outShapes.get(i), outDt, node, i));
        }
        nodes.add(node);
        return node.outputs();
    }

    /** Records an application made by a container without calling {@link #applyAll(List)}. */
    final void addNode(LayerNode node) {
        nodes.add(node);
    }

    /** Every application of this layer to symbolic tensors, in order ({@code _inbound_nodes}). */
    public final List<LayerNode> inboundNodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** The symbolic output of this layer's only application ({@code layer.output}). */
    public final SymbolicTensor output() {
        return single(onlyNode("output").outputs(), "output");
    }

    /** The symbolic input of this layer's only application ({@code layer.input}). */
    public final SymbolicTensor input() {
        return single(onlyNode("input").inputs(), "input");
    }

    private LayerNode onlyNode(String what) {
        if (nodes.isEmpty()) {
            throw new IllegalStateException(name + ": has no " + what + " yet; apply it to a symbolic tensor first");
        }
        if (nodes.size() > 1) {
            throw new IllegalStateException(name + ": has been applied " + nodes.size() + " times, so its " + what
                    + " is ambiguous; use inboundNodes().get(i)");
        }
        return nodes.get(0);
    }

    // ---- weights -------------------------------------------------------------------------------

    /** The layers tracked inside this one (a model's layers, a wrapper's inner layer). */
    public List<Layer> sublayers() {
        return Collections.unmodifiableList(children);
    }

    /** All weights: this layer's trainable then non-trainable ones, then those of inner layers ({@code weights}). */
    public final List<Weight> weights() {
        List<Weight> out = new ArrayList<>();
        collect(out, Collections.newSetFromMap(new IdentityHashMap<>()), 0);
        return out;
    }

    /** Weights that receive gradients: none when this layer is frozen ({@code trainable_weights}). */
    public final List<Weight> trainableWeights() {
        List<Weight> out = new ArrayList<>();
        collect(out, Collections.newSetFromMap(new IdentityHashMap<>()), 1);
        return out;
    }

    /** Weights that do not receive gradients: moving statistics and frozen layers' weights. */
    public final List<Weight> nonTrainableWeights() {
        List<Weight> out = new ArrayList<>();
        collect(out, Collections.newSetFromMap(new IdentityHashMap<>()), 2);
        return out;
    }

    /** The values of {@link #trainableWeights()}: what an optimizer or {@code GradientTape.gradient} takes. */
    public final List<Tensor> trainableVariables() {
        return trainableWeights().stream().map(Weight::value).toList();
    }

    /** The values of {@link #weights()}. */
    public final List<Tensor> variables() {
        return weights().stream().map(Weight::value).toList();
    }

    /** mode 0: all, 1: trainable, 2: non-trainable. */
    private void collect(List<Weight> out, Set<Weight> seen, int mode) {
        for (int pass = 0; pass < 2; pass++) {
            for (Weight w : ownWeights) {
                boolean ownTrainablePass = pass == 0;
                if (w.trainableFlag() != ownTrainablePass) {
                    continue;
                }
                boolean effective = w.trainable();
                boolean take = mode == 0 || (mode == 1 && effective) || (mode == 2 && !effective);
                if (take && seen.add(w)) {
                    out.add(w);
                }
            }
        }
        for (Layer c : children) {
            c.collect(out, seen, mode);
        }
    }

    /** The number of weight elements ({@code count_params}). */
    public final long countParams() {
        if (!built) {
            throw new IllegalStateException(
                    name + ": count_params needs a built layer; apply it to an input or call build first");
        }
        long n = 0;
        for (Weight w : weights()) {
            n += w.size();
        }
        return n;
    }

    /**
     * Moves every weight and buffer (moving statistics) of this layer and the layers inside it to {@code
     * device}, as PyTorch's {@code module.to(device)}, and makes weights built later start there; returns
     * this layer. Trainable flags and accumulated gradients move along, and each weight keeps its {@link
     * Weight#id()}, so an optimizer's state follows its weight (it moves at the weight's next update).
     * Weights already on {@code device} are not copied. Everything is checked before anything moves.
     *
     * @throws IllegalStateException naming the weight when a value is the output of an op (set through
     *     {@link Weight#set} inside a computation), which a copy would cut from its graph
     */
    public final Layer to(Device device) {
        Objects.requireNonNull(device, "device");
        List<Layer> layers = new ArrayList<>();
        Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        java.util.ArrayDeque<Layer> todo = new java.util.ArrayDeque<>();
        todo.push(this);
        while (!todo.isEmpty()) {
            Layer l = todo.pop();
            if (seen.add(l)) {
                layers.add(l);
                l.children.forEach(todo::push);
            }
        }
        // Each layer under its build lock, so that a build racing in on another thread (a first predict) cannot add
        // weights while they are moved; one lock at a time, so no order between layers is needed.
        for (Layer l : layers) {
            synchronized (l.buildLock) {
                for (Weight w : l.ownWeights) {
                    w.checkMovable(device);
                }
            }
        }
        for (Layer l : layers) {
            synchronized (l.buildLock) {
                l.placement = device;
                for (Weight w : l.ownWeights) {
                    w.moveTo(device);
                }
            }
        }
        return this;
    }

    /**
     * The device of this layer's weights ({@code next(module.parameters()).device}): the last {@link
     * #to(Device)} target, else that of the first weight, else (no weights yet) the default device, where
     * they will be built.
     */
    public final Device device() {
        Device target = placement;
        if (target != null) {
            return target;
        }
        List<Weight> ws = weights();
        return ws.isEmpty() ? Device.getDefault() : ws.get(0).device();
    }

    /** The weights by dotted path relative to this layer: {@code kernel}, {@code dense_1.kernel} for models. */
    public Map<String, Weight> namedWeights() {
        Map<String, Weight> out = new LinkedHashMap<>();
        Set<Weight> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        namedWeights("", out, seen);
        return out;
    }

    void namedWeights(String prefix, Map<String, Weight> out, Set<Weight> seen) {
        for (Weight w : ownWeights) {
            if (seen.add(w)) {
                out.put(prefix + w.name(), w);
            }
        }
        for (Layer c : children) {
            c.namedWeights(prefix + c.name() + ".", out, seen);
        }
    }

    /**
     * This layer's own random generator (a layer made with a seed), or {@code null} when it draws from the global one.
     */
    protected @Nullable Generator ownGenerator() {
        return null;
    }

    /**
     * The random generators of this layer and the layers inside it that were made with a seed, by
     * dotted path ({@code generator}, {@code dropout_1.generator} in a model): random state that
     * checkpoints keep besides the global generator's, so a resumed run draws the masks an
     * uninterrupted one would.
     */
    public final Map<String, Generator> namedGenerators() {
        Map<String, Generator> out = new LinkedHashMap<>();
        namedGenerators("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private void namedGenerators(String prefix, Map<String, Generator> out, Set<Layer> seen) {
        if (!seen.add(this)) {
            return;
        }
        Generator g = ownGenerator();
        if (g != null) {
            out.put(prefix + "generator", g);
        }
        for (Layer c : children) {
            c.namedGenerators(prefix + c.name() + ".", out, seen);
        }
    }

    /** The weight values by dotted path, as PyTorch's {@code state_dict()} (the tensors themselves). */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedWeights().forEach((k, w) -> out.put(k, w.value()));
        return out;
    }

    /**
     * Copies values into the weights by path ({@code load_state_dict(strict=True)}). Every key, shape
     * and dtype is checked before the first weight is written, so a refused load changes nothing.
     *
     * @throws IllegalArgumentException on a missing or unexpected key, or a value {@link Weight#assign}
     *         would refuse
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        Map<String, Weight> named = namedWeights();
        for (String k : state.keySet()) {
            if (!named.containsKey(k)) {
                throw error("loadStateDict: unexpected key '" + k + "'; expected " + named.keySet());
            }
        }
        List<Runnable> assignments = new ArrayList<>();
        for (Map.Entry<String, Weight> e : named.entrySet()) {
            if (!state.containsKey(e.getKey())) {
                throw error("loadStateDict: missing key '" + e.getKey() + "'");
            }
            Weight w = e.getValue();
            Tensor value = checkAssignable(w, state.get(e.getKey()), "loadStateDict");
            assignments.add(() -> w.assign(value));
        }
        assignments.forEach(Runnable::run);
    }

    /** {@code value} once {@code w} accepts it; a refusal (null included) names this layer. */
    private Tensor checkAssignable(Weight w, @Nullable Tensor value, String method) {
        try {
            w.checkAssignable(value);
        } catch (IllegalArgumentException e) {
            throw error(method + ": " + e.getMessage() + "; no weight was changed");
        }
        return Objects.requireNonNull(value, "Weight.checkAssignable refuses null");
    }

    /** Copies of the weight values, in {@link #weights()} order ({@code get_weights}). */
    public final List<Tensor> getWeights() {
        return weights().stream().map(w -> w.value().detach().copy()).toList();
    }

    /**
     * Assigns values to the weights, in {@link #weights()} order ({@code set_weights}). Every value is
     * checked before the first weight is written, so a refused call changes nothing.
     *
     * @throws IllegalArgumentException on a wrong count, or a value {@link Weight#assign} would refuse
     */
    public final void setWeights(List<Tensor> values) {
        List<Weight> ws = weights();
        if (values.size() != ws.size()) {
            StringBuilder expected = new StringBuilder();
            for (Weight w : ws) {
                expected.append(expected.isEmpty() ? "" : ", ")
                        .append(w.name())
                        .append(' ')
                        .append(Shapes.format(w.shape()));
            }
            throw error("setWeights expected " + ws.size() + " values (" + expected + "), got " + values.size());
        }
        for (int i = 0; i < ws.size(); i++) {
            checkAssignable(ws.get(i), values.get(i), "setWeights value " + i);
        }
        for (int i = 0; i < ws.size(); i++) {
            ws.get(i).assign(values.get(i));
        }
    }

    /** Varargs form of {@link #setWeights(List)}. */
    public final void setWeights(Tensor... values) {
        setWeights(List.of(values));
    }

    /** The weight of this layer (not of inner layers) with the given short name. */
    public final Weight weight(String weightName) {
        for (Weight w : ownWeights) {
            if (w.name().equals(weightName)) {
                return w;
            }
        }
        throw error("has no weight named '" + weightName + "'");
    }

    // ---- mode ----------------------------------------------------------------------------------

    /**
     * Puts this layer and every layer inside it in training mode ({@code module.train()}) when
     * {@code mode} is true, in inference mode ({@code module.eval()}) when false; returns this layer.
     * Layers start in inference mode, as Keras's {@code layer(x)} runs by default (PyTorch modules
     * start in training mode).
     */
    public final Layer train(boolean mode) {
        // Walks with an explicit stack, as deep nestings must not overflow the Java stack.
        Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        java.util.ArrayDeque<Layer> todo = new java.util.ArrayDeque<>();
        todo.push(this);
        while (!todo.isEmpty()) {
            Layer l = todo.pop();
            if (seen.add(l)) {
                l.training = mode;
                l.children.forEach(todo::push);
            }
        }
        return this;
    }

    /** Training mode for this layer and every layer inside ({@code module.train()}); returns this layer. */
    public final Layer train() {
        return train(true);
    }

    /** Inference mode for this layer and every layer inside ({@code module.eval()}); returns this layer. */
    public final Layer eval() {
        return train(false);
    }

    /** True in training mode ({@code module.training}): what {@link #apply(Tensor)} passes as {@code training}. */
    public final boolean isTraining() {
        return training;
    }

    /**
     * The modes of this layer and of every layer inside it, as they are now, so that they can be put
     * back after running in another mode: a {@code Trainer} takes one before switching a module's
     * layers and restores it when it is done, leaving a layer set to {@link #eval()} by hand so.
     */
    public final ModeSnapshot modeSnapshot() {
        Map<Layer, Boolean> modes = new IdentityHashMap<>();
        java.util.ArrayDeque<Layer> todo = new java.util.ArrayDeque<>();
        todo.push(this);
        while (!todo.isEmpty()) {
            Layer l = todo.pop();
            if (!modes.containsKey(l)) {
                modes.put(l, l.training);
                l.children.forEach(todo::push);
            }
        }
        return new ModeSnapshot(modes);
    }

    /** The modes taken by {@link #modeSnapshot()}. */
    public static final class ModeSnapshot {
        private final Map<Layer, Boolean> modes;

        private ModeSnapshot(Map<Layer, Boolean> modes) {
            this.modes = modes;
        }

        /** Puts every layer back in the mode it had when the snapshot was taken. */
        public void restore() {
            modes.forEach((layer, mode) -> layer.training = mode);
        }
    }

    // ---- trainable -----------------------------------------------------------------------------

    /** False when the layer is frozen. */
    public final boolean isTrainable() {
        return trainable;
    }

    /**
     * Freezes ({@code false}) or unfreezes the layer and every layer inside it
     * ({@code layer.trainable = False}; {@code requires_grad_(False)} on a module). A frozen layer's
     * weights get no gradients and do not count as trainable; a frozen BatchNormalization also runs
     * in inference mode.
     */
    public void setTrainable(boolean value) {
        this.trainable = value;
        for (Weight w : ownWeights) {
            w.syncGrad();
        }
        for (Layer c : children) {
            c.setTrainable(value);
        }
    }

    // ---- losses --------------------------------------------------------------------------------

    /**
     * The penalties to add to the training loss ({@code model.losses}): each trainable weight's
     * regularizer penalty, computed from the current values, and the activity penalties recorded by
     * the latest training call.
     */
    public final List<Tensor> losses() {
        List<Tensor> out = new ArrayList<>();
        for (Weight w : trainableWeights()) {
            if (w.regularizer() != null) {
                out.add(w.regularizer().penalty(w.value()));
            }
        }
        Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collectActivity(out, seen);
        return out;
    }

    private void collectActivity(List<Tensor> out, Set<Layer> seen) {
        if (!seen.add(this)) {
            return;
        }
        out.addAll(activityLosses);
        for (Layer c : children) {
            c.collectActivity(out, seen);
        }
    }

    /** The sum of {@link #losses()} as a scalar (zero when there are none), ready to add to a loss. */
    public final Tensor regularizationLoss() {
        Tensor total = null;
        for (Tensor t : losses()) {
            total = total == null ? t : total.add(t);
        }
        return total == null ? Tensor.empty(dtype(), device()) : total;
    }

    // ---- config --------------------------------------------------------------------------------

    /**
     * The layer's config ({@code get_config}): its name, trainable flag, declared input shape and
     * own arguments, all JSON-friendly (strings, numbers, booleans, lists, maps, null).
     * {@link LayerRegistry#fromConfig} rebuilds an equal, unbuilt layer from it and {@link #className()}.
     */
    public final Map<String, Object> getConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("trainable", trainable);
        if (dtype != null && (dtype != DType.FLOAT32 || dtypeGiven)) {
            m.put("dtype", dtype.toString());
        }
        if (declaredInputShape != null) {
            m.put("input_shape", Configs.intList(declaredInputShape));
        }
        if (activityRegularizer != null) {
            m.put("activity_regularizer", Configs.regularizer(activityRegularizer));
        }
        m.putAll(config());
        return m;
    }

    /** Restores what {@link #getConfig()} writes for every layer (name, trainable, input shape, dtype). */
    final void applyBaseConfig(Map<String, Object> config) {
        Object n = config.get("name");
        if (n instanceof String s && !s.equals(name)) {
            named(s);
        }
        Object shape = config.get("input_shape");
        if (shape != null) {
            withInputShape(Configs.toIntArray(shape));
        }
        Object dt = config.get("dtype");
        if (dt instanceof String s) {
            dtype = DType.of(s);
            dtypeGiven = true;
        }
        Object ar = config.get("activity_regularizer");
        if (ar != null) {
            activityRegularizer = Configs.toRegularizer(ar);
        }
        Object t = config.get("trainable");
        if (t instanceof Boolean b && !b) {
            setTrainable(false);
        }
    }

    @Override
    public String toString() {
        return "<" + className() + " name=" + name + (built ? "" : ", unbuilt") + (trainable ? "" : ", frozen") + ">";
    }
}
