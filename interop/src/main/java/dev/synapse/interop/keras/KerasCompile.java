package dev.synapse.interop.keras;

import dev.synapse.io.CorruptFileException;
import dev.synapse.losses.Loss;
import dev.synapse.losses.Losses;
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
 * The compile settings of a Keras model file and its optimizer's variables, restored so that {@code fit} goes on
 * where Keras stopped ({@code keras.saving.load_model(path)}, whose default {@code compile=True} does the same): the
 * {@code compile_config} of a {@code .keras} file's {@code config.json} or the {@code training_config} of a legacy
 * {@code .h5}, and the optimizer's iteration count, learning rate and slots ({@code optimizer/vars} of the weights,
 * {@code optimizer_weights} of a legacy file).
 *
 * <p>Rebuilt: Adam (with AMSGrad), AdamW, SGD (momentum, Nesterov), RMSprop (momentum, centered) and Adagrad with
 * their options and Keras's {@code clipnorm}, {@code clipvalue}, {@code global_clipnorm} and {@code weight_decay};
 * a loss by Keras name or as a serialized built-in loss; metrics by Keras name. Other settings (another optimizer,
 * a learning-rate schedule, EMA, loss scaling, gradient accumulation, a custom loss or metric) leave the model
 * uncompiled with a logged warning, as Keras's loader warns when it cannot compile. Optimizer variables that do not
 * fit the model's trainable weights are a {@link CorruptFileException}.
 */
final class KerasCompile {
    private static final System.Logger LOG = System.getLogger(KerasFiles.class.getName());

    private KerasCompile() {}

    /**
     * Rebuilt compile settings: the optimizer, its slot names in Synapse, and the layout of its variables in Keras's
     * files after the iteration count and learning rate: groups of slots, each group interleaved per trainable
     * variable in order ({@code [[m, v]]} is m0, v0, m1, v1, ...), one group after the other.
     */
    record Settings(
            Optimizer optimizer, List<String> slots, List<List<String>> layout, Loss loss, List<String> metrics) {}

    /** A settings that cannot be rebuilt; the message says which and why. */
    private static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message);
        }
    }

    /**
     * The compile settings of {@code config} (a {@code compile_config} or {@code training_config}, whose optimizer
     * sits under {@code optimizerKey}); null when there are none (the model was not compiled), or, with a warning,
     * when Synapse cannot rebuild them.
     */
    static @Nullable Settings read(@Nullable Object config, String optimizerKey, String source) {
        if (!(config instanceof Map<?, ?>)) {
            return null;
        }
        Map<String, Object> c = KerasConfigs.asMap(config, "compile settings");
        if (c.get(optimizerKey) == null) {
            return null; // Keras writes {} for a model that was never compiled
        }
        try {
            Map<String, Object> o = KerasConfigs.asMap(c.get(optimizerKey), "compile settings' " + optimizerKey);
            Rebuilt optimizer = optimizer(o);
            return new Settings(
                    optimizer.optimizer(), optimizer.slots(), optimizer.layout(), loss(c.get("loss")), metrics(c));
        } catch (Unsupported | RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    source + ": the model is loaded uncompiled: its compile settings cannot be rebuilt ("
                            + e.getMessage() + "); call compile yourself");
            return null;
        }
    }

    /** Compiles {@code model} and restores the optimizer's variables; every variable is checked before any is used. */
    static void apply(Model model, Settings s, List<Tensor> vars, String where) throws CorruptFileException {
        Optimizer o = s.optimizer();
        List<Tensor> variables = model.trainableVariables();
        Map<String, Tensor> state = new LinkedHashMap<>();
        double iterations = 0;
        double learningRate = o.learningRate();
        if (!vars.isEmpty()) {
            int per = s.layout().stream().mapToInt(List::size).sum();
            long expected = 2 + (long) variables.size() * per;
            if (vars.size() != expected) {
                throw new CorruptFileException(where + ": holds " + vars.size() + " optimizer variables, but "
                        + o.name() + " of a model with " + variables.size() + " trainable weights has " + expected
                        + " (iteration, learning rate and " + per + " per weight)");
            }
            iterations = scalar(vars.get(0), "iteration", where);
            learningRate = scalar(vars.get(1), "learning rate", where);
            if (iterations < 0 || iterations != Math.rint(iterations) || iterations > (1L << 53)) {
                throw new CorruptFileException(where + ": the iteration count " + iterations + " is not a count");
            }
            if (learningRate < 0) {
                throw new CorruptFileException(where + ": the learning rate " + learningRate + " is negative");
            }
            int at = 2;
            for (List<String> group : s.layout()) {
                for (int i = 0; i < variables.size(); i++) {
                    for (String slot : group) {
                        Tensor v = variables.get(i);
                        Tensor t = vars.get(at++);
                        if (!t.shape().equals(v.shape())) {
                            throw new CorruptFileException(where + ": the " + slot + " of trainable weight " + i
                                    + " is " + t.shape() + " but the weight is " + v.shape());
                        }
                        state.put(i + "." + slot, t.to(v.dtype()));
                    }
                }
            }
            // Slots Keras leaves out (RMSprop's momentum without momentum) start at zero in Synapse too.
            if (!state.isEmpty()) {
                for (int i = 0; i < variables.size(); i++) {
                    for (String slot : s.slots()) {
                        state.putIfAbsent(i + "." + slot, Tensor.zerosLike(variables.get(i)));
                    }
                }
            }
            try {
                o.checkState(variables, state);
            } catch (IllegalArgumentException e) {
                throw new CorruptFileException(where + ": " + e.getMessage(), e);
            }
        }
        model.compile(o, s.loss(), s.metrics().toArray());
        if (!state.isEmpty()) {
            o.loadState(variables, state);
        }
        o.setIterations((long) iterations);
        o.setLearningRate(learningRate);
    }

    private static double scalar(Tensor t, String what, String where) throws CorruptFileException {
        if (t.rank() != 0) {
            throw new CorruptFileException(
                    where + ": the optimizer's " + what + " should be a scalar, got " + t.shape());
        }
        double v = t.item();
        if (!Double.isFinite(v)) {
            throw new CorruptFileException(where + ": the optimizer's " + what + " is " + v);
        }
        return v;
    }

    /** An optimizer with its slot names in Synapse and the layout of its variables in Keras's files. */
    private record Rebuilt(Optimizer optimizer, List<String> slots, List<List<String>> layout) {}

    private static Rebuilt optimizer(Map<String, Object> o) throws Unsupported {
        String cls = KerasConfigs.string(o, "class_name", "optimizer");
        Map<String, Object> c = KerasConfigs.map(o, "config", "optimizer");
        if (!(c.get("learning_rate") instanceof Number)) {
            throw new Unsupported(cls + "'s learning rate " + c.get("learning_rate")
                    + " is a schedule; Synapse rebuilds a constant rate");
        }
        if (Boolean.TRUE.equals(c.get("use_ema"))) {
            throw new Unsupported(cls + " keeps an exponential moving average of the weights (use_ema)");
        }
        for (String key : List.of("loss_scale_factor", "gradient_accumulation_steps")) {
            if (c.get(key) != null) {
                throw new Unsupported(cls + "'s " + key + " = " + c.get(key));
            }
        }
        if (number(c, "decay", 0) != 0) {
            throw new Unsupported(cls + "'s Keras 2 learning-rate decay " + c.get("decay"));
        }
        double lr = number(c, "learning_rate", 0);
        Optimizer.Common common = new Optimizer.Common(
                number(c, "clipnorm", 0),
                number(c, "clipvalue", 0),
                number(c, "global_clipnorm", 0),
                number(c, "weight_decay", 0));
        boolean amsgrad = Boolean.TRUE.equals(c.get("amsgrad"));
        List<List<String>> adam = amsgrad ? List.of(List.of("m", "v"), List.of("vhat")) : List.of(List.of("m", "v"));
        List<String> adamSlots = amsgrad ? List.of("m", "v", "vhat") : List.of("m", "v");
        return switch (cls) {
            case "Adam", "AdamW" -> {
                Adam.Options options = new Adam.Options(
                        lr, number(c, "beta_1", 0.9), number(c, "beta_2", 0.999), number(c, "epsilon", 1e-7), amsgrad);
                Optimizer a = cls.equals("Adam") ? new Adam(options) : new AdamW(options, common.weightDecay());
                yield new Rebuilt(a.withCommon(common), adamSlots, adam);
            }
            case "SGD" -> {
                double momentum = number(c, "momentum", 0);
                SGD sgd = new SGD(new SGD.Options(lr, momentum, Boolean.TRUE.equals(c.get("nesterov"))));
                yield new Rebuilt(
                        sgd.withCommon(common),
                        List.of("momentum"),
                        momentum > 0 ? List.of(List.of("momentum")) : List.of());
            }
            case "RMSprop" -> {
                double momentum = number(c, "momentum", 0);
                boolean centered = Boolean.TRUE.equals(c.get("centered"));
                RMSprop r = new RMSprop(
                        new RMSprop.Options(lr, number(c, "rho", 0.9), momentum, number(c, "epsilon", 1e-7), centered));
                List<List<String>> layout = new ArrayList<>();
                layout.add(List.of("velocity"));
                if (momentum > 0) {
                    layout.add(List.of("momentum"));
                }
                if (centered) {
                    layout.add(List.of("average_gradient"));
                }
                yield new Rebuilt(r.withCommon(common), List.of("velocity", "average_gradient", "momentum"), layout);
            }
            case "Adagrad" -> {
                Adagrad a = new Adagrad(new Adagrad.Options(
                        lr, number(c, "initial_accumulator_value", 0.1), number(c, "epsilon", 1e-7), false));
                yield new Rebuilt(a.withCommon(common), List.of("accumulator"), List.of(List.of("accumulator")));
            }
            default ->
                throw new Unsupported("optimizer " + cls
                        + " (Synapse rebuilds Adam, AdamW, SGD, RMSprop and Adagrad from Keras files)");
        };
    }

    private static Loss loss(@Nullable Object v) throws Unsupported {
        if (v instanceof String name) {
            return Losses.get(name);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> serialized = KerasConfigs.asMap(m, "loss");
            Map<String, Object> c = KerasConfigs.map(serialized, "config", "loss");
            if (c.get("ignore_class") != null) {
                throw new Unsupported("the loss ignores class " + c.get("ignore_class"));
            }
            return Losses.fromConfig(c);
        }
        throw new Unsupported("loss " + v + " (one loss, by Keras name or as a built-in loss, is rebuilt)");
    }

    private static List<String> metrics(Map<String, Object> c) throws Unsupported {
        Object v = c.get("metrics");
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        for (Object m : KerasConfigs.asList(v, "metrics")) {
            if (!(m instanceof String name)) {
                throw new Unsupported("metric " + m + " (metrics are rebuilt by Keras name)");
            }
            out.add(name);
        }
        if (c.get("weighted_metrics") != null || c.get("loss_weights") != null) {
            throw new Unsupported("weighted metrics or loss weights");
        }
        return out;
    }

    private static double number(Map<String, Object> c, String key, double otherwise) {
        Object v = c.get(key);
        if (v == null) {
            return otherwise;
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new IllegalArgumentException("optimizer setting '" + key + "' = " + v + " is not a finite number");
        }
        return n.doubleValue();
    }
}
