package dev.synapse.backend;

import dev.synapse.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * One optimizer step that a backend may fuse into one pass over memory ({@link Backend#fusedUpdate}): a record
 * per optimizer holding its hyperparameters and the state tensors ("slots") it updates, so neither can be
 * passed in the wrong order. A backend dispatches with an exhaustive pattern-matching {@code switch}. The
 * optimizers' tensor-op formulation is the reference; a fused kernel must agree with it to float rounding.
 */
public sealed interface FusedUpdate permits FusedUpdate.AdamStep, FusedUpdate.SgdMomentumStep {

    /** The state tensors this step writes besides the weights, so the caller can move their versions. */
    List<Tensor> slots();

    /**
     * An Adam step ({@code torch.optim.Adam}, {@code keras.optimizers.Adam}, with {@code amsgrad}):
     * {@code m += (g - m)(1 - beta1); v += (g^2 - v)(1 - beta2); vhat = max(vhat, v);
     * w -= alpha m / (sqrt(v or vhat) + epsilon)}.
     *
     * @param alpha   the bias-corrected step, {@code lr sqrt(1 - beta2^t) / (1 - beta1^t)}
     * @param beta1   decay of the first moment
     * @param beta2   decay of the second moment
     * @param epsilon added to the root of the second moment
     * @param m       the first moment
     * @param v       the second moment
     * @param vhat    the running maximum of {@code v} for AMSGrad, or null for plain Adam
     */
    record AdamStep(double alpha, double beta1, double beta2, double epsilon, Tensor m, Tensor v, Tensor vhat)
            implements FusedUpdate {
        public AdamStep {
            Objects.requireNonNull(m, "m");
            Objects.requireNonNull(v, "v");
        }

        /** True when this step keeps AMSGrad's running maximum {@link #vhat}. */
        public boolean amsgrad() {
            return vhat != null;
        }

        @Override
        public List<Tensor> slots() {
            return vhat == null ? List.of(m, v) : List.of(m, v, vhat);
        }
    }

    /**
     * An SGD step with momentum ({@code torch.optim.SGD(momentum, nesterov)}, {@code keras.optimizers.SGD}):
     * {@code velocity = momentum velocity - lr g; w += nesterov ? momentum velocity - lr g : velocity}.
     *
     * @param lr       the learning rate of this step
     * @param momentum the decay of the velocity
     * @param nesterov whether the step looks ahead along the velocity (Nesterov momentum)
     * @param velocity the velocity
     */
    record SgdMomentumStep(double lr, double momentum, boolean nesterov, Tensor velocity) implements FusedUpdate {
        public SgdMomentumStep {
            Objects.requireNonNull(velocity, "velocity");
        }

        @Override
        public List<Tensor> slots() {
            return List.of(velocity);
        }
    }
}
