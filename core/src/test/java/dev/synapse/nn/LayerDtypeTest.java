package dev.synapse.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.nn.layers.Dense;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A layer's dtype given up front ({@code withDtype}, Keras's {@code dtype=}) and assignments that would round. */
class LayerDtypeTest {
    @AfterEach
    void restore() {
        Synapse.setGlobalPolicy("float32");
    }

    @Test
    void weightsAreMadeInTheGivenDtypeAndKeepFloat64Values() {
        Dense d = new Dense(2);
        d.withDtype(DType.FLOAT64);
        d.buildFor(-1, 3);
        assertEquals(DType.FLOAT64, d.weight("kernel").value().dtype());
        Tensor k = Tensor.fromArray(new double[][] {{0.1, 0.2}, {0.3, 0.4}, {0.5, 0.6}});
        d.setWeights(k, Tensor.of(0.7, 0.8));
        assertArrayEquals(k.toDoubleArray(), d.weight("kernel").value().toDoubleArray(), 0.0);
        // A float64 input computes in float64: 0.1 + 0.7 exactly as Java's double arithmetic gives it.
        Tensor y = d.apply(Tensor.fromArray(new double[][] {{1, 0, 0}}));
        assertArrayEquals(new double[] {0.1 + 0.7, 0.2 + 0.8}, y.toDoubleArray(), 0.0);
    }

    @Test
    void roundingAssignmentsAreRefusedNamingLayerWeightAndDtypes() {
        Dense d = new Dense(2);
        d.named("head");
        d.buildFor(-1, 1);
        Tensor before = d.weight("kernel").value().copy();
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> d.setWeights(Tensor.of(0.5, 0.1).reshape(1, 2), Tensor.of(0.0, 0.0)));
        String m = e.getMessage();
        assertTrue(m.contains("head") && m.contains("kernel"), m);
        assertTrue(m.contains("float64") && m.contains("float32") && m.contains("element 1"), m);
        assertArrayEquals(before.toFloatArray(), d.weight("kernel").value().toFloatArray(), "nothing changed");
        // Values the cast keeps exactly pass; an explicit cast accepts the rounding.
        d.setWeights(Tensor.of(0.5, -2.0).reshape(1, 2), Tensor.of(0.0, 1.0));
        assertArrayEquals(new float[] {0.5f, -2f}, d.weight("kernel").value().toFloatArray());
        d.setWeights(Tensor.of(0.5, 0.1).reshape(1, 2).to(DType.FLOAT32), Tensor.of(0.0, 0.0));
        assertEquals(0.1f, d.weight("kernel").value().toFloatArray()[1]);
        // Widening is always exact.
        Dense wide = new Dense(1);
        wide.withDtype(DType.FLOAT64);
        wide.buildFor(-1, 1);
        wide.setWeights(Tensor.of(0.1f).reshape(1, 1), Tensor.of(0f));
        assertEquals((double) 0.1f, wide.weight("kernel").value().item(), 0.0);
    }

    @Test
    void theDtypeIsSavedInTheConfigEvenWhenFloat32() {
        Dense d = new Dense(2);
        d.withDtype(DType.FLOAT32);
        assertEquals("float32", d.getConfig().get("dtype"));
        assertEquals(null, new Dense(2).getConfig().get("dtype"));
        Dense f64 = new Dense(2);
        f64.withDtype(DType.FLOAT64);
        Layer back = LayerRegistry.fromConfig(f64.className(), f64.getConfig());
        back.buildFor(-1, 3);
        assertEquals(DType.FLOAT64, back.weights().get(0).value().dtype());
        assertEquals(f64.getConfig(), back.getConfig());
    }

    @Test
    void anExplicitDtypeOverridesTheMixedPolicysVariableDtype() {
        Synapse.setGlobalPolicy("mixed_float16");
        Dense d = new Dense(2);
        d.withDtype(DType.FLOAT64);
        Tensor y = d.apply(Tensor.randn(4, 3));
        assertEquals(DType.FLOAT64, d.weight("kernel").value().dtype());
        assertEquals(DType.FLOAT16, y.dtype(), "computes in the policy's compute dtype");
    }

    @Test
    void refusesANonFloatingDtypeOrAChangeAfterBuilding() {
        Dense d = new Dense(2);
        assertThrows(IllegalArgumentException.class, () -> d.withDtype(DType.INT32));
        d.buildFor(-1, 3);
        var e = assertThrows(IllegalStateException.class, () -> d.withDtype(DType.FLOAT64));
        assertTrue(e.getMessage().contains("float32"), e.getMessage());
        d.withDtype(DType.FLOAT32);
    }
}
