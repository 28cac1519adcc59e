package dev.synapse.optim;

import dev.synapse.tensor.Tensor;

/**
 * Adam with Nesterov momentum ({@code keras.optimizers.Nadam}, {@code torch.optim.NAdam}), with
 * Keras's momentum schedule {@code u_t = beta1 (1 - 0.5 * 0.96^(0.004 t))}.
 */
public final class Nadam extends ConfiguredOptimizer<Nadam.Options> {
    /** Keras defaults: 0.001, 0.9, 0.999, 1e-7. */
    public record Options(double learningRate, double beta1, double beta2, double epsilon) {
        public Options {
            HyperParameters.learningRate("Nadam", learningRate);
            HyperParameters.fraction("Nadam", "beta1", beta1);
            HyperParameters.fraction("Nadam", "beta2", beta2);
            HyperParameters.nonNegative("Nadam", "epsilon", epsilon);
        }

        /** Keras's default values. */
        public static Options defaults() {
            return new Options(0.001, 0.9, 0.999, 1e-7);
        }
    }

    private double momentumProduct = 1.0;
    private long productStep;

    /** Nadam with Keras's defaults. */
    public Nadam() {
        this(Options.defaults());
    }

    /** Nadam with the given learning rate and Keras's other defaults. */
    public Nadam(double learningRate) {
        this(new Options(learningRate, 0.9, 0.999, 1e-7));
    }

    /** Nadam with every option given. */
    public Nadam(Options options) {
        super(options, options.learningRate());
    }

    @Override
    public String name() {
        return "nadam";
    }

    @Override
    protected String[] slotNames() {
        return new String[] {"m", "v"};
    }

    private double u(long t) {
        return options.beta1() * (1 - 0.5 * Math.pow(0.96, 0.004 * t));
    }

    /** prod_{i<=t} u_i, computed once per step and shared by all variables. */
    private double product(long t) {
        if (productStep != t) {
            double p = 1.0;
            for (long i = 1; i <= t; i++) {
                p *= u(i);
            }
            momentumProduct = p;
            productStep = t;
        }
        return momentumProduct;
    }

    @Override
    protected void update(Tensor w, Tensor g, Tensor[] slots, double lr, long t) {
        double b1 = options.beta1();
        double b2 = options.beta2();
        double ut = u(t);
        double ut1 = u(t + 1);
        double scheduleNew = product(t);
        double scheduleNext = scheduleNew * ut1;
        Tensor m = slots[0];
        Tensor v = slots[1];
        m.addInPlace(g.sub(m).mul(1 - b1));
        v.addInPlace(g.square().sub(v).mul(1 - b2));
        Tensor mHat = m.mul(ut1 / (1 - scheduleNext)).add(g.mul((1 - ut) / (1 - scheduleNew)));
        Tensor vHat = v.div(1 - Math.pow(b2, t));
        w.subInPlace(mHat.div(vHat.sqrt().add(options.epsilon())).mul(lr));
    }
}
