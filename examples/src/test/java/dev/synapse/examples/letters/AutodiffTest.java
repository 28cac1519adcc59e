package dev.synapse.examples.letters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ./synapse example autodiff} with the tutorial's own settings (it takes well under a second). */
class AutodiffTest {
    @Test
    void derivativeIsSixAndTheRegressionRecoversTheCoefficients() {
        Autodiff.Result r = Autodiff.run(Autodiff.Settings.tutorial());
        assertEquals(6.0, r.derivative(), 0.0);
        float[] c = r.coefficients();
        // Steps of 10 / (100 + j) sum to about 6.9 over 100 iterations, enough to travel the 5.9 from 0 to
        // (3, -5, -1); near the end each step is 0.05 long, so the coefficients land within a step of it.
        assertEquals(3.0, c[0], 0.05);
        assertEquals(-5.0, c[1], 0.05);
        assertEquals(-1.0, c[2], 0.05);
        List<Double> losses = r.losses();
        assertEquals(35.0, losses.get(0), 5.0, "the first loss is E[y^2] = 9 + 25 + 1");
        assertTrue(losses.get(losses.size() - 1) < 0.01, "final loss " + losses.get(losses.size() - 1));
    }
}
