package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.nn.InputSpec;
import dev.synapse.nn.Layer;
import dev.synapse.nn.Shapes;
import dev.synapse.nn.Weight;
import dev.synapse.nn.initializers.Initializers;
import dev.synapse.ops.NN;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.Map;

/**
 * Normalizes each feature (the last axis by default: channels of channels-last images) with the
 * batch's mean and variance in training, and with moving averages of them in inference
 * ({@code keras.layers.BatchNormalization}; PyTorch's {@code nn.BatchNorm1d/2d}, whose momentum is
 * {@code 1 - momentum} here). Then scales by {@code gamma} and shifts by {@code beta}.
 *
 * <p>Weights: {@code gamma} (ones) and {@code beta} (zeros) are trainable; {@code moving_mean}
 * (zeros) and {@code moving_variance} (ones) are not, and each training call updates them as
 * {@code moving = moving * momentum + batch * (1 - momentum)} with the batch's biased variance, as
 * Keras 3. A frozen layer ({@code setTrainable(false)}) always runs in inference mode, as in Keras,
 * so fine-tuning does not disturb its statistics.
 */
public class BatchNormalization extends Layer {
    private final int axis;
    private final double momentum;
    private final double epsilon;
    private final boolean center;
    private final boolean scale;
    private Weight gamma;
    private Weight beta;
    private Weight movingMean;
    private Weight movingVariance;

    /** Keras's defaults: last axis, momentum 0.99, epsilon 0.001, with gamma and beta. */
    public BatchNormalization() {
        this(-1, 0.99, 1e-3, true, true);
    }

    /** The given momentum and epsilon over the last axis. */
    public BatchNormalization(double momentum, double epsilon) {
        this(-1, momentum, epsilon, true, true);
    }

    /** All options. */
    public BatchNormalization(int axis, double momentum, double epsilon, boolean center, boolean scale) {
        if (!(momentum >= 0 && momentum <= 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException(
                    "BatchNormalization: momentum must be in [0, 1] and epsilon positive, got " + momentum + " and "
                            + epsilon);
        }
        this.axis = axis;
        this.momentum = momentum;
        this.epsilon = epsilon;
        this.center = center;
        this.scale = scale;
    }

    /** The moving mean (non-trainable). */
    public Weight movingMean() {
        return movingMean;
    }

    /** The moving variance (non-trainable). */
    public Weight movingVariance() {
        return movingVariance;
    }

    @Override
    protected void build(int[] s) {
        int a = Shapes.axis(axis, s.length, name());
        int n = s[a];
        if (n < 0 || a == 0) {
            throw error("the normalized axis must be known and not the batch axis, got axis " + axis + " of "
                    + Shapes.format(s));
        }
        int[] shape = {n};
        if (scale) {
            gamma = addWeight("gamma", shape, Initializers.ones());
        }
        if (center) {
            beta = addWeight("beta", shape, Initializers.zeros());
        }
        movingMean = addWeight("moving_mean", shape, Initializers.zeros(), null, false);
        movingVariance = addWeight("moving_variance", shape, Initializers.ones(), null, false);
        setInputSpec(InputSpec.ndim(s.length).axis(a, n));
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        // Statistics in float32 under mixed precision (a half variance loses small batches' spread); the output
        // goes back to the input's dtype.
        Tensor x = input.dtype().isHalf() ? input.to(DType.FLOAT32) : input;
        int a = Shapes.axis(axis, x.rank(), name());
        int[] bshape = new int[x.rank()];
        java.util.Arrays.fill(bshape, 1);
        bshape[a] = x.dim(a);
        Tensor mean;
        Tensor var;
        if (training && isTrainable()) {
            int[] axes = new int[x.rank() - 1];
            for (int i = 0, k = 0; i < x.rank(); i++) {
                if (i != a) {
                    axes[k++] = i;
                }
            }
            NN.Moments m = NN.moments(x, axes, true);
            mean = m.mean();
            var = m.variance();
            Tensor bm = mean.detach().reshape(bshape[a]);
            Tensor bv = var.detach().reshape(bshape[a]);
            movingMean.assign(movingMean
                    .value()
                    .mul(momentum)
                    .add(bm.to(movingMean.dtype()).mul(1 - momentum)));
            movingVariance.assign(movingVariance
                    .value()
                    .mul(momentum)
                    .add(bv.to(movingVariance.dtype()).mul(1 - momentum)));
        } else {
            mean = valueLike(movingMean, x).reshape(bshape);
            var = valueLike(movingVariance, x).reshape(bshape);
        }
        Tensor y = x.sub(mean).mul(var.add(epsilon).rsqrt());
        if (gamma != null) {
            y = y.mul(valueLike(gamma, x).reshape(bshape));
        }
        if (beta != null) {
            y = y.add(valueLike(beta, x).reshape(bshape));
        }
        return y.to(input.dtype());
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("axis", axis);
        m.put("momentum", momentum);
        m.put("epsilon", epsilon);
        m.put("center", center);
        m.put("scale", scale);
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static BatchNormalization fromConfig(Map<String, Object> c) {
        return new BatchNormalization(
                Configs.getInt(c, "axis", -1),
                Configs.getDouble(c, "momentum", 0.99),
                Configs.getDouble(c, "epsilon", 1e-3),
                Configs.getBoolean(c, "center", true),
                Configs.getBoolean(c, "scale", true));
    }
}
