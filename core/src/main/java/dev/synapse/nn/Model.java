package dev.synapse.nn;

import dev.synapse.data.Batch;
import dev.synapse.losses.Loss;
import dev.synapse.losses.Losses;
import dev.synapse.optim.Optimizer;
import dev.synapse.optim.Optimizers;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A graph of layers with inputs and outputs: Keras's functional {@code Model(inputs, outputs)}; the
 * base of {@link Sequential}; itself a {@link Layer}, so a model can be applied inside another
 * ({@code Sequential(encoder, decoder)}) and its weights, trainable flag and losses follow.
 *
 * <p>The functional form is built from symbolic tensors. Every path from an output back must reach
 * one of the given inputs: a graph that needs another {@link Input}, or that starts at another
 * model's graph without its input, fails here, naming the missing input. A new model may start and
 * end anywhere in an existing graph, sharing its layers and weights (transfer learning,
 * feature extraction):
 *
 * <pre>{@code
 * Model encoder = new Model(trained.inputs(), trained.getLayer("latent").output());
 * }</pre>
 *
 * <p>Subclasses may instead override {@link #call(List, boolean)} (Keras's subclassing API), tracking
 * their layers with {@link #track}.
 */
public class Model extends Layer {
    private List<SymbolicTensor> inputs = List.of();
    private List<SymbolicTensor> outputs = List.of();
    private final List<LayerNode> graph = new ArrayList<>();
    private final List<Layer> layers = new ArrayList<>();

    /** For subclassed models and {@link Sequential}: no graph. */
    protected Model() {}

    /** A functional model from one input to one output. */
    public Model(SymbolicTensor input, SymbolicTensor output) {
        this(List.of(input), List.of(output));
    }

    /** A functional model with several inputs and one output. */
    public Model(List<SymbolicTensor> inputs, SymbolicTensor output) {
        this(inputs, List.of(output));
    }

    /** A functional model with several inputs and outputs. */
    public Model(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
        this(inputs, outputs, null);
    }

    /** A functional model with an explicit name. */
    public Model(SymbolicTensor input, SymbolicTensor output, String name) {
        this(List.of(input), List.of(output), name);
    }

    // javac cannot see past this file: setGraph is final and reaches only Layer's final bookkeeping
    // (error, track, markBuilt), so no method a subclass overrides runs on it before it is initialised.
    @SuppressWarnings("this-escape")
    private Model(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs, @Nullable String name) {
        super(name, null, null);
        setGraph(inputs, outputs);
    }

    /** Gives the model an explicit name; returns it. */
    @Override
    public Model named(String newName) {
        super.named(newName);
        return this;
    }

    @Override
    public String className() {
        return getClass() == Model.class ? "Functional" : super.className();
    }

    /** Installs the graph between {@code ins} and {@code outs}, checking that it is closed. */
    final void setGraph(List<SymbolicTensor> ins, List<SymbolicTensor> outs) {
        if (ins.isEmpty() || outs.isEmpty()) {
            throw error("a functional model needs at least one input and one output");
        }
        Set<SymbolicTensor> inputSet = Collections.newSetFromMap(new IdentityHashMap<>());
        inputSet.addAll(ins);
        Set<LayerNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<LayerNode> found = new ArrayList<>();
        Deque<SymbolicTensor> stack = new ArrayDeque<>(outs);
        while (!stack.isEmpty()) {
            SymbolicTensor t = stack.pop();
            if (inputSet.contains(t)) {
                continue;
            }
            LayerNode node = t.node();
            if (node.inputs().isEmpty()) {
                throw error("the outputs depend on the input '" + node.layer().name() + "' " + Shapes.format(t.shape())
                        + ", which is not among the model's inputs " + describe(ins)
                        + "; pass it in the inputs, or start the graph from one of the given inputs");
            }
            if (seen.add(node)) {
                found.add(node);
                stack.addAll(node.inputs());
            }
        }
        found.sort((a, b) -> Long.compare(a.id(), b.id()));
        List<Layer> ls = new ArrayList<>();
        Set<Layer> seenLayers = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SymbolicTensor in : ins) {
            if (in.layer() instanceof InputLayer && seenLayers.add(in.layer())) {
                ls.add(in.layer());
            }
        }
        for (LayerNode n : found) {
            if (seenLayers.add(n.layer())) {
                ls.add(n.layer());
            }
        }
        Map<String, Layer> byName = new HashMap<>();
        for (Layer l : ls) {
            Layer other = byName.put(l.name(), l);
            if (other != null) {
                throw error("two different layers are named '" + l.name() + "'; layer names in a model must be unique");
            }
        }
        if (seenLayers.contains(this)) {
            throw error("a model cannot contain itself");
        }
        this.inputs = List.copyOf(ins);
        this.outputs = List.copyOf(outs);
        graph.clear();
        graph.addAll(found);
        layers.clear();
        layers.addAll(ls);
        for (Layer l : ls) {
            track(l);
        }
        markBuilt();
    }

    /**
     * Appends {@code node}, an application of a new layer to the current single output, and makes its
     * output the model's: what {@link #setGraph} would give for the longer chain, in constant time, so
     * that a {@link Sequential} of n layers is put together in time linear in n. The caller checks
     * that the layer is new to the model and that its name is free.
     */
    final void extendChain(LayerNode node) {
        graph.add(node);
        layers.add(node.layer());
        track(node.layer());
        this.outputs = List.of(node.outputs().get(0));
    }

    /** Undoes the latest {@link #extendChain}: the chain ends at the previous node again. */
    final void shortenChain() {
        LayerNode last = graph.remove(graph.size() - 1);
        layers.remove(layers.size() - 1);
        untrack(last.layer());
        this.outputs = last.inputs();
    }

    private static String describe(List<SymbolicTensor> ts) {
        List<String> parts = new ArrayList<>();
        for (SymbolicTensor t : ts) {
            parts.add(t.layer().name() + " " + Shapes.format(t.shape()));
        }
        return parts.toString();
    }

    // ---- introspection ---------------------------------------------------------------------------

    /** The symbolic inputs ({@code model.inputs}). */
    public List<SymbolicTensor> inputs() {
        return inputs;
    }

    /** The symbolic outputs ({@code model.outputs}). */
    public List<SymbolicTensor> outputs() {
        return outputs;
    }

    /** The layer applications of the graph in the order they run. */
    public List<LayerNode> graphNodes() {
        return Collections.unmodifiableList(graph);
    }

    /**
     * The layers in the order they run ({@code model.layers}); a functional model lists its
     * {@link InputLayer}s first, a {@link Sequential} does not.
     */
    public List<Layer> layers() {
        return layers.isEmpty() && graph.isEmpty() ? sublayers() : Collections.unmodifiableList(layers);
    }

    /** The layer with the given name ({@code get_layer(name)}). */
    public Layer getLayer(String layerName) {
        for (Layer l : layers()) {
            if (l.name().equals(layerName)) {
                return l;
            }
        }
        List<String> names = layers().stream().map(Layer::name).toList();
        throw error("no layer named '" + layerName + "'; the layers are " + names);
    }

    /** The layer at {@code index} in {@link #layers()} ({@code get_layer(index=...)}, {@code model.layers[i]}). */
    public Layer getLayer(int index) {
        List<Layer> ls = layers();
        if (index < 0 || index >= ls.size()) {
            throw error("layer index " + index + " is out of range for " + ls.size() + " layers");
        }
        return ls.get(index);
    }

    // ---- running ---------------------------------------------------------------------------------

    @Override
    protected List<Tensor> call(List<Tensor> xs, boolean training) {
        if (graph.isEmpty() && inputs.isEmpty()) {
            return super.call(xs, training);
        }
        checkInputCount(xs.size());
        Map<SymbolicTensor, Tensor> values = new IdentityHashMap<>();
        for (int i = 0; i < xs.size(); i++) {
            checkInputShape(i, xs.get(i).dims());
            values.put(inputs.get(i), xs.get(i));
        }
        for (LayerNode node : graph) {
            List<Tensor> ins = new ArrayList<>(node.inputs().size());
            for (SymbolicTensor t : node.inputs()) {
                ins.add(values.get(t));
            }
            List<Tensor> outs = node.layer().applyInside(ins, training);
            for (int i = 0; i < outs.size(); i++) {
                values.put(node.outputs().get(i), outs.get(i));
            }
        }
        List<Tensor> result = new ArrayList<>(outputs.size());
        for (SymbolicTensor t : outputs) {
            result.add(values.get(t));
        }
        return result;
    }

    @Override
    protected List<int[]> computeOutputShapes(List<int[]> inputShapes) {
        if (graph.isEmpty() && inputs.isEmpty()) {
            return super.computeOutputShapes(inputShapes);
        }
        checkInputCount(inputShapes.size());
        Map<SymbolicTensor, int[]> shapes = new IdentityHashMap<>();
        for (int i = 0; i < inputShapes.size(); i++) {
            checkInputShape(i, inputShapes.get(i));
            shapes.put(inputs.get(i), inputShapes.get(i));
        }
        for (LayerNode node : graph) {
            List<int[]> ins = new ArrayList<>();
            for (SymbolicTensor t : node.inputs()) {
                ins.add(shapes.get(t));
            }
            DType dt = node.inputs().get(0).dtype();
            List<int[]> outs = node.layer().outputShapes(ins, dt);
            for (int i = 0; i < outs.size(); i++) {
                shapes.put(node.outputs().get(i), outs.get(i));
            }
        }
        List<int[]> result = new ArrayList<>();
        for (SymbolicTensor t : outputs) {
            result.add(shapes.get(t));
        }
        return result;
    }

    @Override
    protected DType computeOutputDtype(DType inputDtype) {
        return outputs.isEmpty() ? inputDtype : outputs.get(0).dtype();
    }

    private void checkInputCount(int n) {
        if (n != inputs.size()) {
            throw error("expected " + inputs.size() + " input" + (inputs.size() == 1 ? "" : "s") + " "
                    + describe(inputs) + ", got " + n);
        }
    }

    private void checkInputShape(int i, int[] shape) {
        int[] want = inputs.get(i).shape();
        if (!Shapes.compatible(want, shape)) {
            throw error("expected input " + i + " with shape " + Shapes.format(want) + ", got " + Shapes.format(shape));
        }
    }

    // ---- summary ---------------------------------------------------------------------------------

    /** Prints the table of layers, output shapes and parameter counts ({@code model.summary()}). */
    public void summary() {
        summary(System.out::println);
    }

    /** Passes each line of the summary to {@code printFn} ({@code summary(print_fn=...)}). */
    public void summary(Consumer<String> printFn) {
        for (String line : summaryString().split("\n", -1)) {
            printFn.accept(line);
        }
    }

    /** The summary as one string. */
    public String summaryString() {
        return Summary.of(this);
    }

    /** Rows for the summary: each layer with the output shapes of its application in this model. */
    List<Summary.Row> summaryRows() {
        Map<Layer, List<LayerNode>> local = new IdentityHashMap<>();
        for (SymbolicTensor in : inputs) {
            local.computeIfAbsent(in.layer(), k -> new ArrayList<>()).add(in.node());
        }
        for (LayerNode n : graph) {
            local.computeIfAbsent(n.layer(), k -> new ArrayList<>()).add(n);
        }
        List<Summary.Row> rows = new ArrayList<>();
        for (Layer l : layers()) {
            List<LayerNode> ns = local.getOrDefault(l, List.of());
            String shape = ns.isEmpty() ? "?" : shapesOf(ns.get(0));
            List<String> connected = new ArrayList<>();
            for (LayerNode n : ns) {
                for (SymbolicTensor t : n.inputs()) {
                    int nodeIndex = local.getOrDefault(t.layer(), List.of()).indexOf(t.node());
                    connected.add(t.layer().name() + "[" + Math.max(0, nodeIndex) + "][" + t.index() + "]");
                }
            }
            rows.add(new Summary.Row(l, shape, connected));
        }
        return rows;
    }

    /** True when the graph is a chain, so the summary needs no "Connected to" column. */
    boolean isChain() {
        if (inputs.size() != 1 || outputs.size() != 1) {
            return false;
        }
        SymbolicTensor prev = inputs.get(0);
        for (LayerNode n : graph) {
            if (n.inputs().size() != 1 || n.outputs().size() != 1 || n.inputs().get(0) != prev) {
                return false;
            }
            prev = n.outputs().get(0);
        }
        return true;
    }

    static String shapesOf(LayerNode n) {
        List<int[]> shapes = new ArrayList<>();
        for (SymbolicTensor t : n.outputs()) {
            shapes.add(t.shape());
        }
        return Shapes.format(shapes);
    }

    // ---- config ----------------------------------------------------------------------------------

    /**
     * The functional graph as JSON-friendly values: each layer's serialized config, then each layer
     * application in running order as {@code [layer, [[inputLayer, nodeIndex, tensorIndex], ...]]},
     * where node indices count this model's applications of that layer.
     */
    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<Layer, List<LayerNode>> local = new IdentityHashMap<>();
        for (SymbolicTensor in : inputs) {
            if (in.node().inputs().isEmpty()) {
                local.computeIfAbsent(in.layer(), k -> new ArrayList<>()).add(in.node());
            }
        }
        for (LayerNode n : graph) {
            local.computeIfAbsent(n.layer(), k -> new ArrayList<>()).add(n);
        }
        List<Object> layerConfigs = new ArrayList<>();
        for (Layer l : layers) {
            layerConfigs.add(LayerRegistry.serialize(l));
        }
        List<Object> nodes = new ArrayList<>();
        for (LayerNode n : graph) {
            List<Object> ins = new ArrayList<>();
            for (SymbolicTensor t : n.inputs()) {
                ins.add(ref(t, local));
            }
            nodes.add(List.of(n.layer().name(), ins));
        }
        List<Object> ins = new ArrayList<>();
        for (SymbolicTensor t : inputs) {
            ins.add(ref(t, local));
        }
        List<Object> outs = new ArrayList<>();
        for (SymbolicTensor t : outputs) {
            outs.add(ref(t, local));
        }
        m.put("layers", layerConfigs);
        m.put("nodes", nodes);
        m.put("input_layers", ins);
        m.put("output_layers", outs);
        return m;
    }

    private static List<Object> ref(SymbolicTensor t, Map<Layer, List<LayerNode>> local) {
        int nodeIndex = local.getOrDefault(t.layer(), List.of()).indexOf(t.node());
        if (nodeIndex < 0) {
            throw new IllegalStateException("functional config: the input " + t + " is not the output of an Input; "
                    + "only models whose inputs come from Input can be serialized");
        }
        return List.of(t.layer().name(), nodeIndex, t.index());
    }

    /** Rebuilds a functional model from {@link #getConfig()}: new layers, same graph, fresh weights. */
    @SuppressWarnings("unchecked")
    public static Model fromConfig(Map<String, Object> c) {
        Map<String, Layer> byName = new LinkedHashMap<>();
        Map<String, List<List<SymbolicTensor>>> produced = new HashMap<>();
        for (Object o : (List<Object>) Configs.require(c, "layers")) {
            Layer l = LayerRegistry.fromConfig((Map<String, Object>) o);
            byName.put(l.name(), l);
            if (l instanceof InputLayer il) {
                produced.computeIfAbsent(il.name(), k -> new ArrayList<>()).add(List.of(il.symbolicOutput()));
            }
        }
        for (Object o : (List<Object>) Configs.require(c, "nodes")) {
            List<Object> node = (List<Object>) o;
            Layer l = byName.get((String) node.get(0));
            if (l == null) {
                throw new IllegalArgumentException("functional config: a node applies the layer '" + node.get(0)
                        + "', which 'layers' does not hold");
            }
            List<SymbolicTensor> ins = new ArrayList<>();
            for (Object r : (List<Object>) node.get(1)) {
                ins.add(resolve((List<Object>) r, produced));
            }
            produced.computeIfAbsent(l.name(), k -> new ArrayList<>()).add(l.applyAll(ins));
        }
        List<SymbolicTensor> ins = new ArrayList<>();
        for (Object r : (List<Object>) Configs.require(c, "input_layers")) {
            ins.add(resolve((List<Object>) r, produced));
        }
        List<SymbolicTensor> outs = new ArrayList<>();
        for (Object r : (List<Object>) Configs.require(c, "output_layers")) {
            outs.add(resolve((List<Object>) r, produced));
        }
        return new Model(ins, outs);
    }

    private static SymbolicTensor resolve(List<Object> ref, Map<String, List<List<SymbolicTensor>>> produced) {
        String name = (String) ref.get(0);
        List<List<SymbolicTensor>> nodes = produced.get(name);
        int node = ((Number) ref.get(1)).intValue();
        int index = ((Number) ref.get(2)).intValue();
        if (nodes == null || node >= nodes.size()) {
            throw new IllegalArgumentException(
                    "functional config: no application " + node + " of layer '" + name + "' precedes its use");
        }
        return nodes.get(node).get(index);
    }
    // ---- Keras training face ---------------------------------------------------------------------
    // nn depends on neither train nor io: fit runs through its FitRequest (train.keras.FitOptions), the
    // other methods through the ModelServices found on the class or module path (train.keras).

    private @Nullable Compiled compiled;

    /** The one {@link ModelServices}, looked up at first use. */
    private static final class Services {
        static final ModelServices INSTANCE = ServiceLoader.load(
                        ModelServices.class, ModelServices.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + ModelServices.class.getName()
                        + " found: Model's evaluate/predict/save/load need synapse-core's dev.synapse.train.keras"));

        private Services() {}
    }

    /**
     * Fixes the optimizer, loss and metrics for {@link #fit} ({@code model.compile(optimizer, loss,
     * metrics)}). Each metric is a Keras name ({@code "accuracy"}) or a {@code Metric} object, mixed
     * freely as in Keras's {@code metrics=["accuracy", keras.metrics.AUC()]}; none is fine. Under the {@code
     * mixed_float16} policy the optimizer is wrapped in a {@link dev.synapse.optim.LossScaleOptimizer}, as Keras's
     * compile does, so its scale carries from one fit to the next.
     */
    public final void compile(Optimizer optimizer, Loss loss, Object... metrics) {
        Optimizer scaled = dev.synapse.optim.LossScaleOptimizer.needed(
                        optimizer, Policy.global().computeDtype())
                ? new dev.synapse.optim.LossScaleOptimizer(optimizer)
                : optimizer;
        this.compiled = Compiled.of(scaled, loss, metrics);
    }

    /** {@code model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])} with Keras names. */
    public final void compile(String optimizer, String loss, Object... metrics) {
        compile(Optimizers.get(optimizer), Losses.get(loss), metrics);
    }

    /** Compiles with an optimizer object and a Keras name for the loss. */
    public final void compile(Optimizer optimizer, String loss, Object... metrics) {
        compile(optimizer, Losses.get(loss), metrics);
    }

    /** Compiles with a Keras name for the optimizer ({@code "adam"}, with Keras's defaults) and a loss object. */
    public final void compile(String optimizer, Loss loss, Object... metrics) {
        compile(Optimizers.get(optimizer), loss, metrics);
    }

    /** The compile settings, or null before {@link #compile}. */
    public final @Nullable Compiled compiled() {
        return compiled;
    }

    private Compiled requireCompiled(String op) {
        if (compiled == null) {
            throw new IllegalStateException(name() + ": call compile(optimizer, loss, metrics) before " + op);
        }
        return compiled;
    }

    /**
     * Trains on arrays ({@code model.fit(x, y, batch_size=..., epochs=...)}); with
     * {@code dev.synapse.train.keras.FitOptions} (from {@code Fit}) returns the per-epoch {@code History}.
     */
    public final <R> R fit(Tensor x, Tensor y, FitRequest<R> options) {
        return options.fit(this, requireCompiled("fit"), x, y);
    }

    /** Trains on a loader's batches, validating on another loader (may be null). */
    public final <R> R fit(Iterable<Batch> train, @Nullable Iterable<Batch> validation, FitRequest<R> options) {
        return options.fit(this, requireCompiled("fit"), train, validation);
    }

    /** Loss and metrics over {@code x, y} in batches of 32 ({@code model.evaluate}). */
    public final Map<String, Double> evaluate(Tensor x, Tensor y) {
        return evaluate(x, y, 32);
    }

    /** Loss and metrics over {@code x, y} in batches of {@code batchSize}. */
    public final Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize) {
        return Services.INSTANCE.evaluate(this, requireCompiled("evaluate"), x, y, batchSize);
    }

    /** Loss and metrics over a loader's batches. */
    public final Map<String, Double> evaluate(Iterable<Batch> data) {
        return Services.INSTANCE.evaluate(this, requireCompiled("evaluate"), data);
    }

    /** Outputs for {@code x} in batches of 32, recording no graph ({@code model.predict}). */
    public final Tensor predict(Tensor x) {
        return predict(x, 32);
    }

    /** Outputs for {@code x} in batches of {@code batchSize}. */
    public final Tensor predict(Tensor x, int batchSize) {
        return Services.INSTANCE.predict(this, x, batchSize);
    }

    /** One optimizer step on one batch; its loss and metrics ({@code train_on_batch}). */
    public final Map<String, Double> trainOnBatch(Tensor x, Tensor y) {
        return Services.INSTANCE.trainOnBatch(this, requireCompiled("trainOnBatch"), x, y);
    }

    /** Loss and metrics of one batch without training ({@code test_on_batch}). */
    public final Map<String, Double> testOnBatch(Tensor x, Tensor y) {
        return Services.INSTANCE.testOnBatch(this, requireCompiled("testOnBatch"), x, y);
    }

    // ---- saving and loading ---------------------------------------------------------------------
    // Thin entry points; the file formats and every check live in dev.synapse.io.

    /**
     * Saves the whole model to one file: architecture, weights, compile settings and optimizer state
     * ({@code model.save("model.keras")}; PyTorch's {@code torch.save(model)}, without pickle). The
     * write is atomic: a crash leaves the previous file intact. {@link #load} reads it back.
     */
    public final void save(Path file) throws IOException {
        save(file, true);
    }

    /** Saves the model, with the optimizer's state only when {@code includeOptimizer} ({@code include_optimizer}). */
    public final void save(Path file, boolean includeOptimizer) throws IOException {
        Services.INSTANCE.save(this, file, compiled, includeOptimizer);
    }

    /**
     * Loads a model saved with {@link #save} ({@code keras.models.load_model}): rebuilt from its
     * config through {@link LayerRegistry} (custom layers and Lambda functions load only once
     * registered), its weights filled, compiled again when the compile settings were saved, with the
     * optimizer's state. A damaged or foreign file is a {@code dev.synapse.io.CorruptFileException}.
     *
     * <p>A file of another framework is read by the {@link ModelFormat} that recognises it, when a module providing
     * one is present: with {@code synapse-interop}, a Keras {@code .keras} or {@code .h5} file and an {@code .onnx}
     * file load too (a Synapse file stays Synapse's, whatever its name). Without it, such a file is a
     * {@code CorruptFileException} saying which module reads it.
     */
    public static Model load(Path file) throws IOException {
        for (ModelFormat f : ServiceLoader.load(ModelFormat.class, ModelFormat.class.getClassLoader())) {
            if (f.reads(file)) {
                return f.read(file);
            }
        }
        return Services.INSTANCE.load(file);
    }

    /**
     * Writes the weights alone to a safetensors file named by weight path ({@code save_weights};
     * {@code safetensors.torch.save_file(model.state_dict())}), readable by Python's safetensors.
     */
    public final void saveWeights(Path file) throws IOException {
        Services.INSTANCE.saveWeights(this, file);
    }

    /**
     * Loads weights by name from a safetensors file into this model ({@code load_weights},
     * {@code load_state_dict(strict=True)}): every weight must be there with its shape and nothing
     * left over, otherwise nothing changes and a {@code dev.synapse.io.WeightFiles.MismatchException}
     * lists the missing, unexpected and mismatched tensors.
     */
    public final LoadReport loadWeights(Path file) throws IOException {
        return loadWeights(file, true);
    }

    /**
     * Loads the weights whose name and shape match and reports the rest ({@code strict=False}, {@code skip_mismatch}).
     */
    public final LoadReport loadWeights(Path file, boolean strict) throws IOException {
        return Services.INSTANCE.loadWeights(this, file, strict);
    }
}
