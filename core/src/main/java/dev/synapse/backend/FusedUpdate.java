package dev.synapse.backend;

/**
 * Optimizer updates a backend may fuse into one pass over memory ({@link Backend#fusedUpdate}).
 * The optimizers' tensor-op formulation is the reference; a fused kernel must agree with it to
 * float rounding.
 */
public enum FusedUpdate {
    /**
     * Adam: slots {@code [m, v]} or {@code [m, v, vhat]} (AMSGrad); hyper {@code [alpha, beta1, beta2,
     * epsilon]} with {@code alpha} the bias-corrected step: {@code m += (g - m)(1 - beta1);
     * v += (g^2 - v)(1 - beta2); vhat = max(vhat, v); w -= alpha m / (sqrt(v or vhat) + epsilon)}.
     */
    ADAM,
    /**
     * SGD with momentum: slots {@code [velocity]}; hyper {@code [lr, momentum, nesterov ? 1 : 0]}:
     * {@code v = momentum v - lr g; w += nesterov ? momentum v - lr g : v}.
     */
    SGD_MOMENTUM
}
