package dev.synapse.optim;

import dev.synapse.autograd.GradMode;
import dev.synapse.backend.FusedUpdate;
import dev.synapse.ops.Arithmetic;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import dev.synapse.tensor.VariableId;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Base of the optimizers ({@code keras.optimizers.Optimizer}, {@code torch.optim.Optimizer}).
 *
 * <p>Two faces: Keras's {@link #applyGradients(List, List)} for custom loops (seed 000's GAN) and
 * PyTorch's {@link #step(List)} reading each parameter's {@code grad()}. Both clip (per-variable
 * {@code clipNorm}, {@code clipValue}, {@code globalClipNorm}), apply decoupled weight decay when set,
 * then call the subclass's {@link #update} in place, under {@code noGrad}. Per-variable state
 * ("slots": momenta, second moments) is created on first use and kept by the variable's {@link
 * VariableId} (a layer's weight stamps it on its tensor), else by the tensor itself: so the state of a
 * weight survives its tensor being replaced ({@code Weight.set}, {@code model.to(device)}). Slots follow
 * their variable lazily: an update that finds them on another device than the variable moves them there
 * first, so after {@code model.to(device)} the first step pays one copy per slot and no step after it.
 */
public abstract class Optimizer {
    /** Clipping and weight decay shared by every optimizer (Keras's common arguments). */
    public record Common(double clipNorm, double clipValue, double globalClipNorm, double weightDecay) {
        /** Each setting must be finite and 0 or more (0 turns it off). */
        public Common {
            HyperParameters.nonNegative("Optimizer.Common", "clipNorm", clipNorm);
            HyperParameters.nonNegative("Optimizer.Common", "clipValue", clipValue);
            HyperParameters.nonNegative("Optimizer.Common", "globalClipNorm", globalClipNorm);
            HyperParameters.nonNegative("Optimizer.Common", "weightDecay", weightDecay);
        }

        /** No clipping and no weight decay. */
        public static final Common NONE = new Common(0, 0, 0, 0);
    }

    private LearningRateSchedule schedule;
    private Common common = Common.NONE;
    private long iterations;
    /** By {@link VariableId}, or by the tensor for a plain tensor that no weight holds. */
    private final Map<Object, Tensor[]> slots = new IdentityHashMap<>();

    protected Optimizer(LearningRateSchedule schedule) {
        this.schedule = java.util.Objects.requireNonNull(schedule, "learning-rate schedule");
    }

    /** The Keras name, e.g. {@code "adam"}. */
    public abstract String name();

    /** Number of updates applied so far ({@code optimizer.iterations}). */
    public long iterations() {
        return iterations;
    }

    /** Restores the update count, for resuming from a checkpoint. */
    public void setIterations(long iterations) {
        if (iterations < 0) {
            throw new IllegalArgumentException(name() + ": iterations must not be negative, got " + iterations);
        }
        this.iterations = iterations;
    }

    /**
     * The learning rate the next update will use.
     *
     * @throws IllegalStateException when the schedule gives a negative, NaN or infinite rate
     */
    public double learningRate() {
        return learningRateAt(iterations);
    }

    /**
     * The learning rate the schedule gives at {@code step}, changing nothing: restoring a saved step
     * count checks with it that the schedule can go on from there.
     *
     * @throws IllegalStateException when the schedule gives a negative, NaN or infinite rate
     */
    public double learningRateAt(long step) {
        double rate = schedule.at(step);
        if (!(rate >= 0) || rate == Double.POSITIVE_INFINITY) {
            throw new IllegalStateException(name() + ": the learning-rate schedule gave " + rate + " at step " + step
                    + "; a learning rate must be a finite number, 0 or more");
        }
        return rate;
    }

    /**
     * Replaces the learning rate with a constant (callbacks such as ReduceLROnPlateau use this;
     * {@code optimizer.learning_rate = ...}, PyTorch's {@code param_group["lr"] = ...}).
     *
     * @throws IllegalArgumentException when {@code rate} is negative, NaN or infinite
     */
    public void setLearningRate(double rate) {
        this.schedule = LearningRateSchedule.constant(HyperParameters.learningRate(name(), rate));
    }

    /** Replaces the learning-rate schedule; each rate it gives is checked when it is used. */
    public void setLearningRate(LearningRateSchedule schedule) {
        this.schedule =
                java.util.Objects.requireNonNull(schedule, name() + ": the learning-rate schedule must not be null");
    }

    /** Sets clipping and weight decay; returns {@code this}. */
    public Optimizer withCommon(Common common) {
        this.common = java.util.Objects.requireNonNull(common, name() + ": the common settings must not be null");
        return this;
    }

    /** The clipping and weight-decay settings. */
    public Common common() {
        return common;
    }

    /**
     * Applies one update to each variable from its gradient ({@code optimizer.apply_gradients(zip(grads,
     * vars))}). A {@code null} gradient leaves its variable unchanged.
     */
    public void applyGradients(List<Tensor> gradients, List<Tensor> variables) {
        if (gradients.size() != variables.size()) {
            throw new IllegalArgumentException(name() + ".applyGradients: " + gradients.size() + " gradients for "
                    + variables.size() + " variables");
        }
        for (int i = 0; i < gradients.size(); i++) {
            Tensor g = gradients.get(i);
            if (g != null && !g.shape().equals(variables.get(i).shape())) {
                throw new IllegalArgumentException(name() + ".applyGradients: gradient " + i + " has shape " + g.shape()
                        + " but its variable has shape " + variables.get(i).shape()
                        + "; pair each gradient with its variable");
            }
        }
        try (var _ = GradMode.noGrad()) {
            List<Tensor> grads = clip(gradients);
            double lr = learningRate();
            long t = iterations + 1;
            for (int i = 0; i < variables.size(); i++) {
                Tensor g = grads.get(i);
                if (g == null) {
                    continue;
                }
                Tensor v = variables.get(i);
                if (common.weightDecay() > 0) {
                    v.subInPlace(v.mul(lr * common.weightDecay()));
                }
                update(v, g.to(v.dtype()), slotsFor(v), lr, t);
            }
        }
        iterations++;
    }

    /** PyTorch's {@code optimizer.step()}: updates each parameter from its accumulated {@code grad()}. */
    public void step(List<Tensor> parameters) {
        List<Tensor> grads = new ArrayList<>(parameters.size());
        for (Tensor p : parameters) {
            grads.add(p.grad());
        }
        applyGradients(grads, parameters);
    }

    /** PyTorch's {@code optimizer.zero_grad()}: clears each parameter's gradient. */
    public static void zeroGrad(List<Tensor> parameters) {
        for (Tensor p : parameters) {
            p.zeroGrad();
        }
    }

    /**
     * Updates {@code variable} in place from {@code grad}.
     *
     * @param slots this variable's state tensors, as many as {@link #slotNames()}, zero at first
     * @param lr    the learning rate for this step
     * @param t     the 1-based step number (for bias corrections)
     */
    protected abstract void update(Tensor variable, Tensor grad, Tensor[] slots, double lr, long t);

    /**
     * Runs the backend's fused kernel for {@code step} when it has one for these tensors, and then
     * moves the written tensors' versions as every in-place write does; returns false when the
     * caller must compose the update from tensor ops.
     */
    protected static boolean fusedUpdate(FusedUpdate step, Tensor w, Tensor g) {
        if (!w.backend().fusedUpdate(step, w, g)) {
            return false;
        }
        w.incrementVersion();
        for (Tensor s : step.slots()) {
            s.incrementVersion();
        }
        return true;
    }

    /** Names of the per-variable state tensors, e.g. {@code momentum}, {@code velocity}. */
    protected abstract String[] slotNames();

    /** The initial value of slot {@code index} (zero unless overridden, as Adagrad's accumulator). */
    protected double slotInitialValue(int index) {
        return 0.0;
    }

    /** The key of {@code v}'s slots: its variable's id, else the tensor itself. */
    private static Object key(Tensor v) {
        VariableId id = v.variableId();
        return id != null ? id : v;
    }

    private Tensor[] slotsFor(Tensor v) {
        Tensor[] s = slots.computeIfAbsent(key(v), k -> {
            String[] names = slotNames();
            Tensor[] fresh = new Tensor[names.length];
            for (int i = 0; i < fresh.length; i++) {
                fresh[i] = Tensor.fullLike(v, slotInitialValue(i)).keep();
            }
            return fresh;
        });
        for (int i = 0; i < s.length; i++) {
            if (!s[i].device().equals(v.device())) {
                s[i] = s[i].to(v.device());
            }
        }
        return s;
    }

    /**
     * The optimizer's state for {@code variables}, for checkpoints: slot tensors named
     * {@code <index>.<slot>} in the order of the variables.
     */
    public Map<String, Tensor> state(List<Tensor> variables) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        String[] names = slotNames();
        for (int i = 0; i < variables.size(); i++) {
            Tensor[] s = slots.get(key(variables.get(i)));
            if (s != null) {
                for (int k = 0; k < names.length; k++) {
                    out.put(i + "." + names[k], s[k]);
                }
            }
        }
        return out;
    }

    /**
     * Restores state written by {@link #state} (PyTorch's {@code optimizer.load_state_dict}); tensors
     * are copied into fresh slots. The whole state is checked first ({@link #checkState}), so a state
     * that does not fit changes nothing.
     */
    public void loadState(List<Tensor> variables, Map<String, Tensor> state) {
        checkState(variables, state);
        String[] names = slotNames();
        for (int i = 0; i < variables.size(); i++) {
            Tensor v = variables.get(i);
            if (!state.containsKey(i + "." + names[0])) {
                continue;
            }
            Tensor[] s = new Tensor[names.length];
            for (int k = 0; k < names.length; k++) {
                String key = i + "." + names[k];
                // checkState above made sure a variable has all of its slots or none.
                Tensor saved = Objects.requireNonNull(state.get(key), key).detach();
                s[k] = (saved.device().equals(v.device()) ? saved.copy() : saved.to(v.device())).keep();
            }
            slots.put(key(v), s);
        }
    }

    /**
     * Checks, without changing anything, that {@code state} fits {@code variables}: every key is
     * {@code <index>.<slot>} with an index of a variable and a slot of this optimizer, a variable has all
     * of its slots or none, and each slot has its variable's shape and dtype.
     *
     * @throws IllegalArgumentException naming the first slot that does not fit
     */
    public void checkState(List<Tensor> variables, Map<String, Tensor> state) {
        List<String> names = List.of(slotNames());
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            int index = -1;
            try {
                index = dot > 0 ? Integer.parseInt(key.substring(0, dot)) : -1;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            if (index < 0 || index >= variables.size() || !names.contains(key.substring(dot + 1))) {
                throw new IllegalArgumentException(name() + ".loadState: '" + key + "' is not a slot of this optimizer "
                        + "(expected <variable index below " + variables.size() + ">.<one of " + names + ">)");
            }
            Tensor v = variables.get(index);
            Tensor saved = e.getValue();
            if (!saved.shape().equals(v.shape()) || saved.dtype() != v.dtype()) {
                throw new IllegalArgumentException(name() + ".loadState: slot " + key + " is " + saved.dtype() + " "
                        + saved.shape() + " but its variable is " + v.dtype() + " " + v.shape());
            }
            for (String other : names) {
                if (!state.containsKey(index + "." + other)) {
                    throw new IllegalArgumentException(name() + ".loadState: slot " + index + "." + other
                            + " is missing while " + key + " is given");
                }
            }
        }
    }

    private List<Tensor> clip(List<Tensor> gradients) {
        List<Tensor> out = new ArrayList<>(gradients);
        if (common.clipValue() > 0) {
            out.replaceAll(g -> g == null ? null : g.clamp(-common.clipValue(), common.clipValue()));
        }
        // Norms and scales stay on the gradients' device: clipping reads nothing back, and a scale of 1 leaves a
        // gradient within bounds as it was.
        if (common.clipNorm() > 0) {
            out.replaceAll(g -> g == null ? null : scaleToNorm(g, l2(g), common.clipNorm()));
        }
        if (common.globalClipNorm() > 0) {
            Tensor total = null;
            for (Tensor g : out) {
                if (g != null) {
                    Tensor n = l2(g);
                    total = total == null ? n.square() : total.add(n.square());
                }
            }
            if (total != null) {
                Tensor norm = total.sqrt();
                Tensor s = scale(norm, norm.rdiv(common.globalClipNorm()), common.globalClipNorm());
                out.replaceAll(g -> g == null ? null : g.mul(s.to(g.dtype())));
            }
        }
        return out;
    }

    /** The L2 norm of {@code g} as a float64 scalar on its device: its squares summed in its dtype, then the root. */
    private static Tensor l2(Tensor g) {
        return g.square().sum().to(DType.FLOAT64).sqrt();
    }

    /** {@code ratio} where {@code norm} exceeds {@code max}, else 1, as a float64 scalar on the norm's device. */
    private static Tensor scale(Tensor norm, Tensor ratio, double max) {
        return Arithmetic.where(norm.gt(max), ratio, Tensor.scalarLike(1, DType.FLOAT64, norm));
    }

    private static Tensor scaleToNorm(Tensor g, Tensor norm, double max) {
        return g.mul(scale(norm, norm.rdiv(max), max).to(g.dtype()));
    }
}
