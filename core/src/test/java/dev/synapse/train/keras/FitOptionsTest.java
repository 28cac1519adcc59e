package dev.synapse.train.keras;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class FitOptionsTest {

    private static void refused(Executable set, String... words) {
        String m = assertThrows(IllegalArgumentException.class, set).getMessage();
        for (String w : words) {
            assertTrue(m.contains(w), "'" + w + "' missing from: " + m);
        }
    }

    @Test
    void optionsOutsideTheirRangeAreRefusedNamingTheValue() {
        refused(() -> Fit.batchSize(0), "batchSize", "0");
        refused(() -> Fit.batchSize(-5), "batchSize", "-5");
        refused(() -> Fit.epochs(-1), "epochs", "-1");
        refused(() -> Fit.validationSplit(1.0), "validationSplit", "1.0");
        refused(() -> Fit.validationSplit(-0.1), "validationSplit", "-0.1");
        refused(() -> Fit.validationSplit(Double.NaN), "validationSplit", "NaN");
        refused(() -> Fit.defaults().validationFreq(0), "validationFreq", "0");
        refused(() -> Fit.defaults().initialEpoch(-1), "initialEpoch", "-1");
        refused(() -> Fit.verbose(3), "verbose", "3");
        refused(() -> Fit.verbose(-1), "verbose", "-1");
    }

    @Test
    void classWeightsMustBeClassIndicesWithFiniteNonNegativeWeights() {
        refused(() -> Fit.defaults().classWeight(Map.of(-1, 1.0)), "classWeight", "-1");
        refused(() -> Fit.defaults().classWeight(Map.of(0, -2.0)), "class 0", "-2.0");
        refused(() -> Fit.defaults().classWeight(Map.of(1, Double.NaN)), "class 1", "NaN");
        refused(() -> Fit.defaults().classWeight(Map.of(1, Double.POSITIVE_INFINITY)), "class 1", "Infinity");
        Map<Integer, Double> nullWeight = new HashMap<>();
        nullWeight.put(0, null);
        refused(() -> Fit.defaults().classWeight(nullWeight), "class 0", "null");
        Fit.defaults().classWeight(Map.of(0, 0.0, 3, 2.5));
    }
}
