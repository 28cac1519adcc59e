package dev.synapse.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ClassLabelsTest {
    private static final Tensor PROBS =
            Tensor.fromArray(new float[][] {{0.7f, 0.2f, 0.1f}, {0.1f, 0.8f, 0.1f}, {0.2f, 0.2f, 0.6f}});

    private static String refused(Tensor labels) {
        return assertThrows(
                        IllegalArgumentException.class,
                        () -> Losses.get("sparse_categorical_crossentropy").call(labels, PROBS))
                .getMessage();
    }

    @Test
    void negativeLabelIsRefusedNotReadAsTheLastClass() {
        String m = refused(Tensor.of(0, 1, -1));
        assertTrue(
                m.contains("sparse_categorical_crossentropy")
                        && m.contains("label -1")
                        && m.contains("row 2")
                        && m.contains("3 classes"),
                m);
    }

    @Test
    void labelAsLargeAsTheClassCountNamesLabelRowAndClasses() {
        String m = refused(Tensor.wrap(new long[] {3, 1, 2}, 3, 1));
        assertTrue(m.contains("label 3") && m.contains("row 0") && m.contains("[0, 3)") && m.contains("3 classes"), m);
    }

    @Test
    void fractionalAndNanFloatLabelsAreRefused() {
        String m = refused(Tensor.of(0f, 2.5f, 1f));
        assertTrue(m.contains("label 2.5") && m.contains("row 1") && m.contains("whole numbers"), m);
        assertTrue(refused(Tensor.of(0f, 1f, Float.NaN)).contains("label NaN"));
        assertTrue(refused(Tensor.of(Float.POSITIVE_INFINITY, 1f, 1f)).contains("row 0"));
    }

    @Test
    void wholeFloatLabelsStillWorkAndMatchIntegerLabels() {
        Loss loss = Losses.get("sparse_categorical_crossentropy");
        assertEquals(
                loss.call(Tensor.of(0, 1, 2), PROBS).item(),
                loss.call(Tensor.of(0f, 1f, 2f), PROBS).item(),
                0);
        assertArrayEquals(new long[] {2, 0}, ClassLabels.check("x", Tensor.of(2.0, 0.0), 3));
    }

    @Test
    void labelsOfHigherRankNameTheFullIndex() {
        String m = assertThrows(
                        IllegalArgumentException.class,
                        () -> ClassLabels.check("seq", Tensor.wrap(new long[] {0, 1, 2, 5}, 2, 2), 4))
                .getMessage();
        assertTrue(m.contains("label 5 at index [1, 1]"), m);
        assertThrows(IllegalArgumentException.class, () -> ClassLabels.check("x", Tensor.of(-2L)));
        assertArrayEquals(new long[] {7}, ClassLabels.check("x", Tensor.of(7L)));
    }
}
