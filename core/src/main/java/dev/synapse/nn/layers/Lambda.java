package dev.synapse.nn.layers;

import dev.synapse.autograd.GradMode;
import dev.synapse.nn.Configs;
import dev.synapse.nn.Layer;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Wraps a function written with tensor ops as a layer without weights ({@code keras.layers.Lambda}).
 * Its output shape is found by running the function once on a small zero batch, unless given.
 *
 * <p>A function cannot be saved as data, so a Lambda's config stores only a name: give the function
 * a name with {@link #register} (or the named constructor) to make models containing it loadable.
 */
public class Lambda extends Layer {
    private static final Map<String, Function<List<Tensor>, Tensor>> REGISTERED = new ConcurrentHashMap<>();

    private final Function<List<Tensor>, Tensor> fn;
    private final Function<List<int[]>, int[]> outputShapeFn;
    private final String functionName;

    /** A one-input function. */
    public Lambda(UnaryOperator<Tensor> fn) {
        this(null, xs -> fn.apply(xs.get(0)), null);
    }

    /** A one-input function registered under {@code functionName} for configs. */
    public Lambda(String functionName, UnaryOperator<Tensor> fn) {
        this(functionName, xs -> fn.apply(xs.get(0)), null);
        register(functionName, xs -> fn.apply(xs.get(0)));
    }

    /** A function of several inputs, with an optional output-shape function (shapes include the batch axis). */
    public Lambda(String functionName, Function<List<Tensor>, Tensor> fn, Function<List<int[]>, int[]> outputShapeFn) {
        this.fn = fn;
        this.outputShapeFn = outputShapeFn;
        this.functionName = functionName;
    }

    /** Makes {@code fn} known under {@code name}, so a config naming it can be read back. */
    public static void register(String name, Function<List<Tensor>, Tensor> fn) {
        REGISTERED.put(name, fn);
    }

    @Override
    protected List<int[]> computeOutputShapes(List<int[]> shapes) {
        if (outputShapeFn != null) {
            return List.of(outputShapeFn.apply(shapes));
        }
        // Run once on zeros with unknown sizes set to 1, then mark the batch axis unknown again.
        List<Tensor> probes = new ArrayList<>();
        for (int[] s : shapes) {
            int[] concrete = s.clone();
            for (int i = 0; i < concrete.length; i++) {
                if (concrete[i] < 0) {
                    concrete[i] = 1;
                }
            }
            probes.add(Tensor.zeros(DType.FLOAT32, concrete));
        }
        int[] out;
        try (var _ = GradMode.noGrad()) {
            out = fn.apply(probes).dims();
        } catch (RuntimeException e) {
            throw error("the function failed on inputs of shape "
                    + shapes.stream().map(dev.synapse.nn.Shapes::format).toList() + ": " + e.getMessage());
        }
        if (out.length > 0 && shapes.get(0).length > 0 && shapes.get(0)[0] < 0) {
            out[0] = dev.synapse.nn.Shapes.UNKNOWN;
        }
        return List.of(out);
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        return List.of(fn.apply(inputs));
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("function", functionName);
        return m;
    }

    /** Rebuilds the layer from its config; the function must have been registered under its name. */
    public static Lambda fromConfig(Map<String, Object> c) {
        String name = Configs.getString(c, "function", null);
        Function<List<Tensor>, Tensor> fn = name == null ? null : REGISTERED.get(name);
        if (fn == null) {
            throw new IllegalArgumentException(
                    "Lambda: the function " + (name == null ? "has no name" : "'" + name + "' is not registered")
                            + "; register it with Lambda.register(name, fn) before loading");
        }
        return new Lambda(name, fn, null);
    }
}
