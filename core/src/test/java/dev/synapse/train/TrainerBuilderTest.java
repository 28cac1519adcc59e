package dev.synapse.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class TrainerBuilderTest {

    private static void refused(Executable set, String... words) {
        String m = assertThrows(IllegalArgumentException.class, set).getMessage();
        for (String w : words) {
            assertTrue(m.contains(w), "'" + w + "' missing from: " + m);
        }
    }

    @Test
    void optionsOutsideTheirRangeAreRefusedNamingTheValue() {
        refused(() -> Trainer.builder().gradientClipVal(-1), "gradientClipVal", "-1.0");
        refused(
                () -> Trainer.builder().gradientClip(Double.NaN, Trainer.ClipAlgorithm.VALUE),
                "gradientClipVal",
                "NaN");
        refused(() -> Trainer.builder().limitTrainBatches(-2), "limitTrainBatches", "-2");
        refused(() -> Trainer.builder().limitValBatches(-1), "limitValBatches", "-1");
        refused(() -> Trainer.builder().verbose(5), "verbose", "5");
        refused(() -> Trainer.builder().maxEpochs(-1), "maxEpochs", "-1");
        refused(() -> Trainer.builder().checkValEveryNEpoch(0), "checkValEveryNEpoch", "0");
        Trainer.builder()
                .gradientClipVal(0)
                .limitTrainBatches(0)
                .limitValBatches(0)
                .verbose(2)
                .build();
    }
}
