package dev.synapse.autograd;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.util.function.Function;

/**
 * Checks backward rules against central finite differences in float64
 * ({@code torch.autograd.gradcheck}).
 *
 * <p>The function may return a tensor of any shape: the check differentiates
 * {@code sum(f(inputs) * w)} for a fixed random {@code w}, so every output element's gradient is
 * exercised. Inputs are converted to float64 leaves; the function may build views of them
 * (transposes, slices, broadcasts), which is how gradients through strided views are checked.
 */
public final class GradCheck {
    private GradCheck() {}

    /** Tolerances and step of a check. */
    public record Options(double eps, double atol, double rtol) {
        /** eps 1e-6, atol 1e-5, rtol 1e-3, as PyTorch's defaults. */
        public static final Options DEFAULT = new Options(1e-6, 1e-5, 1e-3);
    }

    /** Runs the check with default tolerances; throws {@link AssertionError} describing the first mismatch. */
    public static void check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        check(Options.DEFAULT, f, inputs);
    }

    /** Runs the check; throws {@link AssertionError} describing the first mismatch. */
    public static void check(Options options, Function<Tensor[], Tensor> f, Tensor... inputs) {
        double[][] values = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            values[i] = inputs[i].toDoubleArray();
        }
        Tensor[] leaves = leaves(inputs, values, -1, -1, 0);
        Tensor out = f.apply(leaves);
        if (!out.dtype().isFloating()) {
            throw new AssertionError("gradcheck: the function returned a " + out.dtype() + " tensor");
        }
        Tensor weights = Tensor.normal(0, 1, new Generator(42), out.dims()).to(DType.FLOAT64);
        Tensor loss = out.mul(weights).sum();
        Tensor[] analytic = Autograd.grad(loss, null, leaves, false);
        for (int i = 0; i < inputs.length; i++) {
            if (!inputs[i].dtype().isFloating()) {
                continue;
            }
            double[] a = analytic[i] == null ? new double[values[i].length] : analytic[i].toDoubleArray();
            for (int j = 0; j < values[i].length; j++) {
                double plus = f.apply(leaves(inputs, values, i, j, options.eps()))
                        .mul(weights)
                        .sum()
                        .item();
                double minus = f.apply(leaves(inputs, values, i, j, -options.eps()))
                        .mul(weights)
                        .sum()
                        .item();
                double numeric = (plus - minus) / (2 * options.eps());
                if (Math.abs(numeric - a[j]) > options.atol() + options.rtol() * Math.abs(numeric)) {
                    throw new AssertionError(
                            "gradcheck: input " + i + " (shape " + inputs[i].shape() + "), element " + j
                                    + ": analytic gradient " + a[j] + " but finite differences give " + numeric
                                    + " (output grad_fn " + out.gradFn() + ")");
                }
            }
        }
    }

    /** Fresh float64 leaves with element {@code j} of input {@code which} moved by {@code delta}. */
    private static Tensor[] leaves(Tensor[] inputs, double[][] values, int which, int j, double delta) {
        Tensor[] out = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            double[] v = values[i].clone();
            if (i == which) {
                v[j] += delta;
            }
            if (inputs[i].dtype().isFloating()) {
                out[i] = Tensor.wrap(v, inputs[i].dims()).requiresGrad(true);
            } else {
                out[i] = inputs[i];
            }
        }
        return out;
    }
}
