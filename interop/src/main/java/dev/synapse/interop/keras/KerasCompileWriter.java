package dev.synapse.interop.keras;

import dev.synapse.losses.Loss;
import dev.synapse.losses.Losses;
import dev.synapse.metrics.Metric;
import dev.synapse.metrics.Metrics;
import dev.synapse.nn.Compiled;
import dev.synapse.nn.Model;
import dev.synapse.optim.Adagrad;
import dev.synapse.optim.Adam;
import dev.synapse.optim.AdamW;
import dev.synapse.optim.Optimizer;
import dev.synapse.optim.RMSprop;
import dev.synapse.optim.SGD;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A compiled model's settings and optimizer state as Keras 3 writes them in a {@code .keras} file (the reverse of
 * {@link KerasCompile}): the {@code compile_config} of {@code config.json}, and the optimizer's iteration count,
 * learning rate and slots in Keras's order for {@code optimizer/vars}, so that Keras's {@code fit} goes on where
 * Synapse stopped. Written for Adam, AdamW, SGD, RMSprop and Adagrad with Keras's epsilon placement, a built-in loss
 * and built-in metrics; a learning-rate schedule is written as the rate of the next step. Anything else (PyTorch's
 * epsilon placement, another optimizer, a custom loss) leaves the compile settings out with a logged warning, so
 * Keras loads the model uncompiled.
 */
final class KerasCompileWriter {
    private static final System.Logger LOG = System.getLogger(KerasFiles.class.getName());

    private KerasCompileWriter() {}

    /** The compile settings and the optimizer's variables: the iteration count, the learning rate, then the slots. */
    record Saved(Map<String, Object> compileConfig, long iteration, double learningRate, List<Tensor> slots) {}

    /** What to write for {@code model}, or null when it is not compiled or Keras cannot rebuild its settings. */
    static @Nullable Saved of(Model model, String target) {
        Compiled compiled = model.compiled();
        if (compiled == null) {
            return null;
        }
        Optimizer o = compiled.optimizer();
        Map<String, Object> optimizer = new LinkedHashMap<>();
        List<List<String>> layout;
        try {
            layout = optimizer(o, optimizer);
        } catch (IllegalArgumentException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    target + ": compile settings left out (" + e.getMessage() + "); Keras loads the model uncompiled");
            return null;
        }
        Object loss = loss(compiled.loss(), target);
        if (loss == null) {
            return null;
        }
        List<Object> metrics = new ArrayList<>();
        for (Metric m : compiled.metrics()) {
            if (builtIn(m)) {
                metrics.add(m.name());
            } else {
                LOG.log(
                        System.Logger.Level.WARNING,
                        target + ": metric " + m.name() + " is not a Keras built-in; left out");
            }
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("optimizer", optimizer);
        c.put("loss", loss);
        c.put("loss_weights", null);
        c.put("metrics", metrics);
        c.put("weighted_metrics", null);
        c.put("run_eagerly", false);
        c.put("steps_per_execution", 1);
        c.put("jit_compile", false);
        List<Tensor> variables = model.trainableVariables();
        Map<String, Tensor> state = o.state(variables);
        List<Tensor> slots = new ArrayList<>();
        for (List<String> group : layout) {
            for (int i = 0; i < variables.size(); i++) {
                for (String slot : group) {
                    // A weight the optimizer never stepped has Keras's fresh (zero) slots.
                    Tensor t = state.get(i + "." + slot);
                    slots.add(t != null ? t : Tensor.zerosLike(variables.get(i)));
                }
            }
        }
        return new Saved(c, o.iterations(), o.learningRate(), slots);
    }

    private static boolean builtIn(Metric m) {
        try {
            return Metrics.get(m.name()).getClass() == m.getClass();
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    /** A built-in loss by Keras name when its options are the defaults, else as Keras's serialized loss object. */
    private static @Nullable Object loss(Loss loss, String target) {
        Loss plain;
        try {
            plain = Losses.get(loss.name());
        } catch (IllegalArgumentException unknown) {
            plain = null;
        }
        String cls = plain == null ? null : lossClass(plain.name());
        if (plain == null || plain.getClass() != loss.getClass() || cls == null) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    target + ": compile settings left out (loss " + loss.name()
                            + " is not a Keras built-in); Keras loads the model uncompiled");
            return null;
        }
        if (plain.getConfig().equals(loss.getConfig())) {
            return loss.name();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("module", "keras.losses");
        m.put("class_name", cls);
        m.put("config", loss.getConfig());
        m.put("registered_name", null);
        return m;
    }

    private static @Nullable String lossClass(String name) {
        return switch (name) {
            case "mean_squared_error" -> "MeanSquaredError";
            case "mean_absolute_error" -> "MeanAbsoluteError";
            case "huber" -> "Huber";
            case "binary_crossentropy" -> "BinaryCrossentropy";
            case "categorical_crossentropy" -> "CategoricalCrossentropy";
            case "sparse_categorical_crossentropy" -> "SparseCategoricalCrossentropy";
            case "kl_divergence" -> "KLDivergence";
            case "cosine_similarity" -> "CosineSimilarity";
            default -> null;
        };
    }

    /** Fills Keras's serialized optimizer; returns the layout of its variables ({@link KerasCompile.Settings}). */
    private static List<List<String>> optimizer(Optimizer o, Map<String, Object> out) {
        Map<String, Object> c = new LinkedHashMap<>();
        Optimizer.Common common = o.common();
        String cls;
        List<List<String>> layout;
        c.put("name", o.name());
        c.put("learning_rate", o.learningRate());
        c.put("weight_decay", common.weightDecay() > 0 ? common.weightDecay() : null);
        c.put("clipnorm", common.clipNorm() > 0 ? common.clipNorm() : null);
        c.put("global_clipnorm", common.globalClipNorm() > 0 ? common.globalClipNorm() : null);
        c.put("clipvalue", common.clipValue() > 0 ? common.clipValue() : null);
        c.put("use_ema", false);
        c.put("ema_momentum", 0.99);
        c.put("ema_overwrite_frequency", null);
        c.put("loss_scale_factor", null);
        c.put("gradient_accumulation_steps", null);
        Class<?> type = o.getClass();
        if (type == Adam.class || type == AdamW.class) {
            Adam.Options a = ((Adam) o).options();
            keras(a.torchEpsilon(), o);
            cls = type == Adam.class ? "Adam" : "AdamW";
            c.put("beta_1", a.beta1());
            c.put("beta_2", a.beta2());
            c.put("epsilon", a.epsilon());
            c.put("amsgrad", a.amsgrad());
            layout = a.amsgrad() ? List.of(List.of("m", "v"), List.of("vhat")) : List.of(List.of("m", "v"));
        } else if (type == SGD.class) {
            SGD.Options s = ((SGD) o).options();
            cls = "SGD";
            c.put("momentum", s.momentum());
            c.put("nesterov", s.nesterov());
            layout = s.momentum() > 0 ? List.of(List.of("momentum")) : List.of();
        } else if (type == RMSprop.class) {
            RMSprop.Options r = ((RMSprop) o).options();
            keras(r.torchEpsilon(), o);
            cls = "RMSprop";
            c.put("rho", r.rho());
            c.put("momentum", r.momentum());
            c.put("epsilon", r.epsilon());
            c.put("centered", r.centered());
            layout = new ArrayList<>();
            layout.add(List.of("velocity"));
            if (r.momentum() > 0) {
                layout.add(List.of("momentum"));
            }
            if (r.centered()) {
                layout.add(List.of("average_gradient"));
            }
        } else if (type == Adagrad.class) {
            Adagrad.Options a = ((Adagrad) o).options();
            keras(a.torchEpsilon(), o);
            cls = "Adagrad";
            c.put("initial_accumulator_value", a.initialAccumulatorValue());
            c.put("epsilon", a.epsilon());
            layout = List.of(List.of("accumulator"));
        } else {
            throw new IllegalArgumentException("optimizer " + o.name() + " (" + type.getSimpleName()
                    + "): Keras files are written with Adam, AdamW, SGD, RMSprop or Adagrad");
        }
        out.put("module", "keras.optimizers");
        out.put("class_name", cls);
        out.put("config", c);
        out.put("registered_name", null);
        return layout;
    }

    private static void keras(boolean torchEpsilon, Optimizer o) {
        if (torchEpsilon) {
            throw new IllegalArgumentException(
                    o.name() + " places epsilon as PyTorch does, which Keras's " + o.name() + " cannot");
        }
    }
}
