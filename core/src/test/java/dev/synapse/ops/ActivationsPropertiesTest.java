package dev.synapse.ops;

import static org.junit.jupiter.api.Assertions.fail;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The gradients of the piecewise-linear activations on views of every layout, with NaN, infinities,
 * signed zeros and subnormals, against their definition element by element, in float32 and
 * float64. At NaN they follow PyTorch: relu passes the gradient ({@code threshold_backward} tests
 * {@code x <= 0}), leaky relu gives its slope, hard sigmoid and clamp give 0.
 */
class ActivationsPropertiesTest {
    private static final int TRIES = 300;

    /** An activation and its derivative, NaN included. */
    record Piecewise(String name, UnaryOperator<Tensor> f, DoubleUnaryOperator derivative) {
        @Override
        public String toString() {
            return name;
        }
    }

    @Provide
    Arbitrary<Piecewise> activations() {
        return Arbitraries.of(
                new Piecewise("relu", Tensor::relu, x -> x <= 0 ? 0 : 1),
                new Piecewise("leakyRelu(0.3)", t -> t.leakyRelu(0.3), x -> x > 0 ? 1 : 0.3),
                new Piecewise("hardSigmoid", Tensor::hardSigmoid, x -> x > -3 && x < 3 ? 1 / 6.0 : 0),
                new Piecewise("clamp(-0.5, 6)", t -> t.clamp(-0.5, 6), x -> x >= -0.5 && x <= 6 ? 1 : 0));
    }

    @Provide
    Arbitrary<TensorCases.Case> cases() {
        return TensorCases.cases();
    }

    @Property(tries = TRIES)
    void gradientsMatchTheDefinitionEverywhere(
            @ForAll("activations") Piecewise a, @ForAll("cases") TensorCases.Case c) {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = c.build(dt).requiresGrad(true);
            a.f().apply(x).sum().backward();
            double[] in = x.toDoubleArray();
            double[] grad = x.grad().toDoubleArray();
            for (int i = 0; i < in.length; i++) {
                double d = a.derivative().applyAsDouble(in[i]);
                double want = dt == DType.FLOAT32 ? (float) d : d;
                if (want != grad[i]) {
                    fail(a + " " + dt + " at " + in[i] + ": gradient " + grad[i] + ", expected " + want);
                }
            }
        }
    }
}
