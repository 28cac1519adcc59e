package dev.synapse.optim;

import dev.synapse.autograd.GradMode;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Dynamic loss scaling around another optimizer, as Keras's {@code keras.optimizers.LossScaleOptimizer} (PyTorch's
 * {@code torch.amp.GradScaler}): float16 gradients of small losses underflow to zero, so the loss is multiplied by a
 * scale before backpropagation ({@link #scaleLoss}) and the gradients divided by it before the update. A step whose
 * gradients hold an infinity or NaN (the scale was too large) is skipped, leaving weights and optimizer state as they
 * were, and the scale is halved; after {@code dynamicGrowthSteps} good steps in a row it is doubled. The scale starts
 * at 2^15 and stays a power of two, so scaling and unscaling are exact.
 *
 * <p>{@link #applyGradients} takes gradients of the scaled loss; the trainer, which clips between backpropagation
 * and the update, unscales first ({@link #unscaleGradients}) and then calls {@link #stepUnscaled}. Learning rate,
 * iterations and slots are the wrapped optimizer's; {@link #state} adds the scale and the count of good steps
 * ({@value #SCALE_KEY}, {@value #GOOD_STEPS_KEY}), so a resumed run goes on with the scale it had found.
 *
 * <p>Checking the gradients reads one number back per step, as PyTorch's {@code GradScaler.step} does with an
 * optimizer that is not fused: whether to update is decided on the host. Under {@code mixed_bfloat16} no loss
 * scaling is needed and nothing is read.
 */
public final class LossScaleOptimizer extends Optimizer {
    /** Keras's default initial scale, 2^15. */
    public static final double DEFAULT_INITIAL_SCALE = 32768.0;
    /** Keras's default number of good steps before the scale doubles. */
    public static final int DEFAULT_GROWTH_STEPS = 2000;

    /** The state key of the current scale (Keras's {@code dynamic_scale} variable): a float64 scalar. */
    public static final String SCALE_KEY = "loss_scale.dynamic_scale";
    /** The state key of the good steps since the scale last changed (Keras's {@code step_counter}). */
    public static final String GOOD_STEPS_KEY = "loss_scale.step_counter";

    private final Optimizer inner;
    private final int dynamicGrowthSteps;
    private double scale;
    private int goodSteps;
    private long skippedSteps;

    /** Wraps {@code inner} with Keras's defaults: scale 2^15, doubled after 2000 good steps. */
    public LossScaleOptimizer(Optimizer inner) {
        this(inner, DEFAULT_INITIAL_SCALE, DEFAULT_GROWTH_STEPS);
    }

    /**
     * Wraps {@code inner} ({@code LossScaleOptimizer(inner, initial_scale, dynamic_growth_steps)}).
     *
     * @throws IllegalArgumentException when the scale is not a positive power of two or the growth steps not positive
     */
    public LossScaleOptimizer(Optimizer inner, double initialScale, int dynamicGrowthSteps) {
        super(LearningRateSchedule.constant(0.0));
        this.inner = Objects.requireNonNull(inner, "inner");
        if (inner instanceof LossScaleOptimizer) {
            throw new IllegalArgumentException("LossScaleOptimizer: the optimizer is already loss-scaled");
        }
        if (!isPowerOfTwo(initialScale)) {
            throw new IllegalArgumentException(
                    "LossScaleOptimizer: initialScale must be a positive power of two, got " + initialScale);
        }
        if (dynamicGrowthSteps < 1) {
            throw new IllegalArgumentException(
                    "LossScaleOptimizer: dynamicGrowthSteps must be 1 or more, got " + dynamicGrowthSteps);
        }
        this.scale = initialScale;
        this.dynamicGrowthSteps = dynamicGrowthSteps;
    }

    /**
     * Whether {@code optimizer} needs wrapping for layers that compute in {@code computeDtype}: float16 gradients
     * underflow without loss scaling (bfloat16 keeps float32's range), and an optimizer is wrapped once.
     */
    public static boolean needed(Optimizer optimizer, DType computeDtype) {
        return computeDtype == DType.FLOAT16 && !(optimizer instanceof LossScaleOptimizer);
    }

    /** The wrapped optimizer ({@code inner_optimizer}). */
    public Optimizer inner() {
        return inner;
    }

    /** The current loss scale ({@code dynamic_scale}). */
    public double scale() {
        return scale;
    }

    /** Steps skipped so far because their gradients were not finite. */
    public long skippedSteps() {
        return skippedSteps;
    }

    /** {@code loss * scale} ({@code scale_loss}): backpropagate this instead of the loss. */
    public Tensor scaleLoss(Tensor loss) {
        return loss.mul(scale);
    }

    /** Gradients of the scaled loss divided by the scale (exact: the scale is a power of two); nulls stay null. */
    public List<@Nullable Tensor> unscale(List<@Nullable Tensor> gradients) {
        double inv = 1.0 / scale;
        List<@Nullable Tensor> out = new ArrayList<>(gradients.size());
        try (var _ = GradMode.noGrad()) {
            for (Tensor g : gradients) {
                out.add(g == null ? null : g.mul(inv));
            }
        }
        return out;
    }

    /** Divides each parameter's accumulated {@code grad()} by the scale, in place of the gradient. */
    public void unscaleGradients(List<Tensor> parameters) {
        double inv = 1.0 / scale;
        try (var _ = GradMode.noGrad()) {
            for (Tensor p : parameters) {
                Tensor g = p.grad();
                if (g != null) {
                    p.setGrad(g.mul(inv));
                }
            }
        }
    }

    /** Applies gradients of the scaled loss: unscales them, then {@link #applyUnscaledGradients}. */
    @Override
    public void applyGradients(List<Tensor> gradients, List<Tensor> variables) {
        applyUnscaledGradients(unscale(gradients), variables);
    }

    /**
     * Applies already unscaled gradients when all are finite, and adjusts the scale.
     *
     * @return false when the step was skipped (an infinity or NaN in a gradient; the scale was halved)
     */
    public boolean applyUnscaledGradients(List<@Nullable Tensor> gradients, List<Tensor> variables) {
        if (!allFinite(gradients)) {
            scale /= 2;
            goodSteps = 0;
            skippedSteps++;
            return false;
        }
        inner.applyGradients(gradients, variables);
        if (++goodSteps >= dynamicGrowthSteps) {
            scale *= 2;
            goodSteps = 0;
        }
        return true;
    }

    /** {@link #applyUnscaledGradients} with each parameter's {@code grad()}, after {@link #unscaleGradients}. */
    public boolean stepUnscaled(List<Tensor> parameters) {
        List<@Nullable Tensor> grads = new ArrayList<>(parameters.size());
        for (Tensor p : parameters) {
            grads.add(p.grad());
        }
        return applyUnscaledGradients(grads, parameters);
    }

    /** One host read for all gradients: {@code g * 0} is 0 where g is finite and NaN at an infinity or NaN. */
    private static boolean allFinite(List<@Nullable Tensor> gradients) {
        try (var _ = GradMode.noGrad()) {
            Tensor total = null;
            for (Tensor g : gradients) {
                if (g != null) {
                    Tensor z = g.mul(0.0).sum();
                    total = total == null ? z : total.add(z.to(total.dtype()));
                }
            }
            return total == null || total.item() == 0.0;
        }
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public long iterations() {
        return inner.iterations();
    }

    @Override
    public void setIterations(long iterations) {
        inner.setIterations(iterations);
    }

    @Override
    public double learningRate() {
        return inner.learningRate();
    }

    @Override
    public double learningRateAt(long step) {
        return inner.learningRateAt(step);
    }

    @Override
    public void setLearningRate(double rate) {
        inner.setLearningRate(rate);
    }

    @Override
    public void setLearningRate(LearningRateSchedule schedule) {
        inner.setLearningRate(schedule);
    }

    @Override
    public Optimizer withCommon(Common common) {
        inner.withCommon(common);
        return this;
    }

    @Override
    public Common common() {
        return inner.common();
    }

    @Override
    public Map<String, Tensor> state(List<Tensor> variables) {
        Map<String, Tensor> out = new LinkedHashMap<>(inner.state(variables));
        out.put(SCALE_KEY, Tensor.scalar(scale, DType.FLOAT64));
        out.put(GOOD_STEPS_KEY, Tensor.scalar(goodSteps, DType.FLOAT64));
        return out;
    }

    @Override
    public void loadState(List<Tensor> variables, Map<String, Tensor> state) {
        checkState(variables, state);
        inner.loadState(variables, innerState(state));
        Tensor s = state.get(SCALE_KEY);
        Tensor g = state.get(GOOD_STEPS_KEY);
        if (s != null && g != null) {
            scale = s.item();
            goodSteps = (int) g.item();
        }
    }

    /**
     * Checks the wrapped optimizer's slots and the two scaling entries: both or neither, the scale a positive power
     * of two and the step counter a whole number below the growth interval.
     */
    @Override
    public void checkState(List<Tensor> variables, Map<String, Tensor> state) {
        inner.checkState(variables, innerState(state));
        Tensor s = state.get(SCALE_KEY);
        Tensor g = state.get(GOOD_STEPS_KEY);
        if ((s == null) != (g == null)) {
            throw new IllegalArgumentException(
                    "LossScaleOptimizer.loadState: " + (s == null ? SCALE_KEY : GOOD_STEPS_KEY) + " is missing while "
                            + (s == null ? GOOD_STEPS_KEY : SCALE_KEY) + " is given");
        }
        if (s == null || g == null) {
            return;
        }
        if (s.size() != 1 || g.size() != 1) {
            throw new IllegalArgumentException("LossScaleOptimizer.loadState: " + SCALE_KEY + " and " + GOOD_STEPS_KEY
                    + " must be scalars, got shapes " + s.shape() + " and " + g.shape());
        }
        double sv = s.item();
        double gv = g.item();
        if (!isPowerOfTwo(sv)) {
            throw new IllegalArgumentException(
                    "LossScaleOptimizer.loadState: " + SCALE_KEY + " must be a positive power of two, got " + sv);
        }
        if (!(gv >= 0 && gv < dynamicGrowthSteps && gv == Math.rint(gv))) {
            throw new IllegalArgumentException("LossScaleOptimizer.loadState: " + GOOD_STEPS_KEY
                    + " must be a whole number in [0, " + dynamicGrowthSteps + "), got " + gv);
        }
    }

    /** The state without the scaling entries: what the wrapped optimizer wrote. */
    private static Map<String, Tensor> innerState(Map<String, Tensor> state) {
        Map<String, Tensor> out = new LinkedHashMap<>(state);
        out.remove(SCALE_KEY);
        out.remove(GOOD_STEPS_KEY);
        return out;
    }

    private static boolean isPowerOfTwo(double v) {
        return v > 0
                && !Double.isInfinite(v)
                && Math.getExponent(v) >= -1022
                && v == Math.scalb(1.0, Math.getExponent(v));
    }

    @Override
    protected void update(Tensor variable, Tensor grad, Tensor[] slots, double lr, long t) {
        // Every path goes through applyGradients, which hands the update to the wrapped optimizer.
        throw new IllegalStateException("LossScaleOptimizer.update: the wrapped " + inner.name() + " updates");
    }

    @Override
    protected String[] slotNames() {
        return inner.slotNames();
    }
}
