package dev.synapse.nn;

import dev.synapse.autograd.GradMode;
import dev.synapse.nn.initializers.Initializer;
import dev.synapse.nn.regularizers.Regularizer;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;
import dev.synapse.tensor.VariableId;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A named variable of a layer: Keras's {@code Variable} in {@code layer.weights}, PyTorch's
 * {@code Parameter} (trainable) or buffer (non-trainable, such as BatchNormalization's moving mean).
 *
 * <p>The value is an ordinary {@link Tensor}; while the weight is trainable (its own flag and its
 * layer's) the tensor has {@code requiresGrad}, so gradients reach it through the ops a layer calls.
 * Optimizers update the value in place under {@code noGrad}. Each tensor the weight holds carries its
 * {@link #id()}, by which optimizers keep their slots, so they survive {@link #set} and a move to another
 * device ({@link Layer#to(Device)}).
 */
public final class Weight {
    private final Layer owner;
    private final String name;
    private final boolean ownTrainable;
    private final Initializer initializer;
    private final @Nullable Regularizer regularizer;
    private final VariableId id;
    private Tensor value;

    Weight(
            Layer owner,
            String name,
            Tensor value,
            boolean trainable,
            Initializer initializer,
            @Nullable Regularizer regularizer) {
        this.owner = owner;
        this.name = name;
        this.ownTrainable = trainable;
        this.initializer = initializer;
        this.regularizer = regularizer;
        this.id = new VariableId(owner.name() + "." + name);
        this.value = value.bindVariable(id).keep(); // a weight outlives the step that builds its layer
        syncGrad();
    }

    /** The short name given by the layer: {@code kernel}, {@code bias}, {@code moving_mean}. */
    public String name() {
        return name;
    }

    /** The layer's name and this weight's, dotted: {@code dense_1.kernel}. */
    public String path() {
        return owner.name() + "." + name;
    }

    /**
     * The lasting identity of this weight, carried by each tensor it holds: optimizers key their state
     * by it (TensorFlow's variable handle).
     */
    public VariableId id() {
        return id;
    }

    /** The device the value lives on ({@code param.device}). */
    public Device device() {
        return value.device();
    }

    /** The layer that owns this weight. */
    public Layer layer() {
        return owner;
    }

    /** The current value (not a copy: optimizers update it in place). */
    public Tensor value() {
        return value;
    }

    /** The shape of the value. */
    public int[] shape() {
        return value.dims();
    }

    /** The element type of the value. */
    public DType dtype() {
        return value.dtype();
    }

    /** The number of elements. */
    public long size() {
        return value.size();
    }

    /** True when both this weight and its layer are trainable: the weight receives gradients. */
    public boolean trainable() {
        return ownTrainable && owner.isTrainable();
    }

    /** The weight's own flag, regardless of its layer's. */
    boolean trainableFlag() {
        return ownTrainable;
    }

    /** The initializer that made the starting value. */
    public Initializer initializer() {
        return initializer;
    }

    /** The regularizer whose penalty enters {@code losses()}, or {@code null}. */
    public @Nullable Regularizer regularizer() {
        return regularizer;
    }

    /**
     * Copies {@code newValue} into the current value ({@code variable.assign}); shapes must match, and
     * dtypes too unless both are floating. A floating value is then cast, as {@code copy_} does, but only where
     * no element is rounded: a float64 0.1 into a float32 weight is refused (convert it with {@code .to} first to
     * accept the rounding). A value on another device is copied over to the weight's.
     *
     * @throws IllegalArgumentException when {@link #checkAssignable} refuses {@code newValue}
     */
    public void assign(Tensor newValue) {
        checkAssignable(newValue);
        try (var _ = GradMode.noGrad()) {
            value.assign(newValue.detach().to(value.device()));
        }
    }

    /**
     * Checks that {@link #assign} would accept {@code newValue}, changing nothing: bulk loads check
     * every weight first so that a refused load leaves all of them as they were.
     *
     * @throws IllegalArgumentException naming this weight's path when {@code newValue} is null, has
     *         another shape, another dtype where one of the two is not floating, or a floating dtype the
     *         weight's would round
     */
    public void checkAssignable(@Nullable Tensor newValue) {
        if (newValue == null) {
            throw new IllegalArgumentException(
                    path() + ": cannot assign null to a weight of shape " + Shape.format(value.dims()));
        }
        if (!Arrays.equals(newValue.dims(), value.dims())) {
            throw new IllegalArgumentException(path() + ": cannot assign a value of shape " + newValue.shape()
                    + " to a weight of shape " + Shape.format(value.dims()));
        }
        DType want = value.dtype();
        if (newValue.dtype() != want && !(newValue.dtype().isFloating() && want.isFloating())) {
            throw new IllegalArgumentException(path() + ": cannot assign a " + newValue.dtype() + " value to a "
                    + want + " weight (only floating dtypes convert into each other); convert it with .to(DType."
                    + want.name() + ") if that is meant");
        }
        if (newValue.dtype() != want && !widens(newValue.dtype(), want)) {
            refuseRounding(newValue, want);
        }
    }

    /** Whether every {@code from} value is exactly a {@code to} value. */
    private static boolean widens(DType from, DType to) {
        return to == DType.FLOAT64 || (to == DType.FLOAT32 && (from == DType.FLOAT16 || from == DType.BFLOAT16));
    }

    /**
     * Refuses a value the cast into this weight's dtype would round (PyTorch's {@code copy_} and Keras's
     * {@code assign} round silently): a port that loads float64 numbers into a float32 layer should say so. Values
     * the cast keeps exactly (integers, halves, anything first computed in the narrower dtype) pass, so only a real
     * loss is refused. Reads the values on the host: assignments happen outside training steps.
     */
    private void refuseRounding(Tensor newValue, DType want) {
        int i = firstRounded(newValue, want);
        if (i >= 0) {
            double given = newValue.detach()
                    .reshape(-1)
                    .slice(0, i, i + 1)
                    .to(DType.FLOAT64)
                    .item();
            double kept = newValue.detach()
                    .reshape(-1)
                    .slice(0, i, i + 1)
                    .to(want)
                    .to(DType.FLOAT64)
                    .item();
            throw new IllegalArgumentException(path() + ": assigning a " + newValue.dtype() + " value to a " + want
                    + " weight would round it (element " + i + ": " + given + " becomes " + kept
                    + "); convert it with .to(DType." + want.name() + ") to accept the rounding, or give the layer"
                    + " dtype " + newValue.dtype() + " (withDtype) to keep it");
        }
    }

    /**
     * The flat position of the first element of {@code value} that a cast to {@code dtype} would change, or -1 when
     * the cast keeps every value (NaN stays NaN). Reads the values on the host.
     */
    public static int firstRounded(Tensor value, DType dtype) {
        if (value.dtype() == dtype || widens(value.dtype(), dtype)) {
            return -1;
        }
        double[] given = value.detach().to(DType.FLOAT64).toDoubleArray();
        double[] kept = value.detach().to(dtype).to(DType.FLOAT64).toDoubleArray();
        for (int i = 0; i < given.length; i++) {
            if (Double.compare(given[i], kept[i]) != 0 && !(Double.isNaN(given[i]) && Double.isNaN(kept[i]))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Replaces the value by {@code tensor} itself, not a copy (as assigning a new
     * {@code nn.Parameter}): to move a model to another device or dtype, or to run a layer with
     * weights that are inputs of a computation (gradient checks, meta-learning).
     */
    public void set(Tensor tensor) {
        if (!Arrays.equals(tensor.dims(), value.dims())) {
            throw new IllegalArgumentException(path() + ": cannot set a value of shape " + tensor.shape()
                    + " for a weight of shape " + Shape.format(value.dims()));
        }
        this.value = tensor;
        if (tensor.isLeaf()) {
            tensor.bindVariable(id);
            tensor.keep();
            syncGrad();
        }
    }

    /** Refuses a move of a value computed by ops: the copy would cut it from the graph it belongs to. */
    void checkMovable(Device device) {
        if (!value.device().equals(device) && !value.isLeaf()) {
            throw new IllegalStateException(path() + ": cannot move to " + device + " a weight whose value was "
                    + "computed by '"
                    + java.util.Objects.requireNonNull(value.gradFn()).op()
                    + "' (set by Weight.set); moving it would cut it from its graph, so set a leaf tensor first");
        }
    }

    /**
     * Replaces the value by a copy on {@code device} ({@code module.to(device)} for one parameter), keeping
     * the trainable flag, the accumulated gradient (moved too) and the id; nothing is copied when the value
     * is already there.
     */
    void moveTo(Device device) {
        checkMovable(device);
        if (value.device().equals(device)) {
            return;
        }
        try (var _ = GradMode.noGrad()) {
            Tensor moved = value.detach().to(device);
            Tensor grad = value.grad();
            if (grad != null) {
                moved.setGrad(grad.detach().to(device));
            }
            this.value = moved.bindVariable(id);
        }
        syncGrad();
    }

    /** Makes the tensor's {@code requiresGrad} follow {@link #trainable()}. */
    void syncGrad() {
        if (value.isLeaf() && value.dtype().isFloating()) {
            value.requiresGrad(trainable());
        }
    }

    @Override
    public String toString() {
        return "<Weight path=" + path() + ", shape=" + Shape.format(value.dims()) + ", dtype=" + value.dtype()
                + (trainable() ? "" : ", non-trainable") + ">";
    }
}
