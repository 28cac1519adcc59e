package dev.synapse.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.io.SafeTensors;
import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The optimizers with PyTorch's epsilon placement follow PyTorch's float64 trajectories
 * ({@code torch_optimizers.py} beside the fixture: 5 steps on {@code 0.5 * sum(a * (w - c)^2)}) to rounding.
 */
class TorchEpsilonTest {
    private static final double TOL = 1e-12;
    private static Map<String, Tensor> fixture;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = TorchEpsilonTest.class.getResourceAsStream("torch_optimizers.safetensors")) {
            assertNotNull(in, "fixture torch_optimizers.safetensors");
            fixture = SafeTensors.read(in.readAllBytes(), "torch_optimizers.safetensors")
                    .tensors();
        }
    }

    /** The largest difference, relative to max(1, |expected|), between the trajectory and PyTorch's. */
    private static double deviation(String name, Supplier<Optimizer> make) {
        Tensor expected = fixture.get(name);
        assertNotNull(expected, name);
        Tensor a = fixture.get("a");
        Tensor c = fixture.get("c");
        Tensor w = expected.slice(0, 0, 1).reshape(-1).copy();
        Optimizer opt = make.get();
        double worst = 0;
        for (int step = 1; step <= 5; step++) {
            opt.applyGradients(List.of(a.mul(w.sub(c))), List.of(w));
            double[] e = expected.slice(0, step, step + 1).reshape(-1).toDoubleArray();
            double[] got = w.toDoubleArray();
            for (int i = 0; i < e.length; i++) {
                worst = Math.max(worst, Math.abs(e[i] - got[i]) / Math.max(1, Math.abs(e[i])));
            }
        }
        return worst;
    }

    private static void matches(String name, Supplier<Optimizer> make) {
        double d = deviation(name, make);
        assertTrue(d < TOL, name + ": deviates from PyTorch by " + d);
    }

    @Test
    void adamAndAmsgradFollowPyTorch() {
        matches("adam", () -> new Adam(new Adam.Options(0.1, 0.9, 0.999, 1e-8, false, true)));
        matches("adam_eps", () -> new Adam(new Adam.Options(0.1, 0.8, 0.99, 0.1, false, true)));
        matches("amsgrad", () -> new Adam(new Adam.Options(0.3, 0.9, 0.999, 0.01, true, true)));
    }

    @Test
    void adamWFollowsPyTorch() {
        matches("adamw", () -> new AdamW(new Adam.Options(0.1, 0.9, 0.999, 0.01, false, true), 0.1));
    }

    @Test
    void rmspropFollowsPyTorch() {
        matches("rmsprop", () -> new RMSprop(new RMSprop.Options(0.01, 0.9, 0, 0.01, false, true)));
        matches("rmsprop_centered", () -> new RMSprop(new RMSprop.Options(0.01, 0.9, 0.5, 0.01, true, true)));
    }

    @Test
    void adagradFollowsPyTorch() {
        matches("adagrad", () -> new Adagrad(new Adagrad.Options(0.1, 0.1, 0.01, true)));
    }

    @Test
    void kerasPlacementIsMeasurablyDifferent() {
        // The fixture tells the placements apart: Keras's would miss PyTorch by far more than rounding.
        assertTrue(deviation("adam_eps", () -> new Adam(new Adam.Options(0.1, 0.8, 0.99, 0.1, false))) > 1e-4);
        assertTrue(deviation("adam", () -> new Adam(new Adam.Options(0.1, 0.9, 0.999, 1e-8, false))) > 1e-10);
        assertTrue(deviation("rmsprop", () -> new RMSprop(new RMSprop.Options(0.01, 0.9, 0, 0.01, false))) > 1e-4);
        assertTrue(deviation("adagrad", () -> new Adagrad(new Adagrad.Options(0.1, 0.1, 0.01))) > 1e-4);
    }

    @Test
    void torchDefaultsAreTorchs() {
        assertEquals(new Adam.Options(0.001, 0.9, 0.999, 1e-8, false, true), Adam.Options.torchDefaults());
        assertEquals(new RMSprop.Options(0.01, 0.99, 0, 1e-8, false, true), RMSprop.Options.torchDefaults());
        assertEquals(new Adagrad.Options(0.01, 0, 1e-10, true), Adagrad.Options.torchDefaults());
        assertEquals(
                new Adam.Options(0.001, 0.9, 0.999, 1e-8, false),
                Adam.Options.torchDefaults().withTorchEpsilon(false));
    }
}
