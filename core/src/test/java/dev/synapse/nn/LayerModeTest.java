package dev.synapse.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.nn.layers.BatchNormalization;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Dropout;
import dev.synapse.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code train()}/{@code eval()} as on a PyTorch module, and the explicit flag winning as in Keras. */
class LayerModeTest {
    @BeforeEach
    void reset() {
        Names.clearSession();
        Synapse.setSeed(5);
    }

    private static final Tensor X = Tensor.ones(4, 64);

    private static boolean dropped(Tensor y) {
        for (float v : y.toFloatArray()) {
            if (v == 0f) {
                return true;
            }
        }
        return false;
    }

    @Test
    void layersStartInInferenceModeAndApplyRunsInTheMode() {
        Dropout dropout = new Dropout(0.5);
        assertFalse(dropout.isTraining());
        assertArrayEquals(X.toFloatArray(), dropout.apply(X).toFloatArray());

        assertSame(dropout, dropout.train());
        assertTrue(dropout.isTraining());
        assertTrue(dropped(dropout.apply(X)), "dropout in training mode zeroes elements");

        dropout.eval();
        assertFalse(dropout.isTraining());
        assertArrayEquals(X.toFloatArray(), dropout.apply(X).toFloatArray());
    }

    @Test
    void theExplicitFlagWinsOverTheMode() {
        Dropout dropout = new Dropout(0.5);
        dropout.train();
        assertArrayEquals(X.toFloatArray(), dropout.apply(X, false).toFloatArray());
        dropout.eval();
        assertTrue(dropped(dropout.apply(X, true)));
    }

    @Test
    void modesReachLayersInsideNestedModels() {
        Dropout inner = new Dropout(0.5);
        Sequential block = new Sequential(Input.of(64), new Dense(64), inner);
        Model outer = new Sequential(Input.of(64), block, new Dense(3));

        outer.train();
        assertTrue(block.isTraining() && inner.isTraining());
        outer.eval();
        assertFalse(block.isTraining() || inner.isTraining());

        Dropout alone = new Dropout(0.5);
        Sequential model = new Sequential(Input.of(64), alone);
        model.train();
        assertTrue(dropped(model.apply(X)), "a model in training mode runs its layers in training mode");
        model.eval();
        assertArrayEquals(X.toFloatArray(), model.apply(X).toFloatArray());
    }

    @Test
    void withoutAnArgumentEachInnerLayerRunsInItsOwnModeWithOneTheModelsFlagReachesAll() {
        Dropout inner = new Dropout(0.5);
        Sequential block = new Sequential(Input.of(64), inner);
        Model model =
                new Model(block.inputs().get(0), block.apply(block.inputs().get(0)));
        model.train();
        block.eval(); // PyTorch: a submodule set to eval() stays in inference inside a training model
        assertArrayEquals(X.toFloatArray(), model.apply(X).toFloatArray());
        assertTrue(dropped(model.apply(X, true)), "Keras: the explicit flag is passed down to every layer");

        model.eval();
        inner.train();
        assertTrue(dropped(model.apply(X)), "a layer in training mode inside a model in inference mode trains");
        assertArrayEquals(X.toFloatArray(), model.apply(X, false).toFloatArray());
    }

    /** A subclassed model whose call applies its dropout without passing the flag on. */
    private static final class Subclassed extends Model {
        final Dropout dropout = track(new Dropout(0.5));

        @Override
        protected java.util.List<Tensor> call(java.util.List<Tensor> xs, boolean training) {
            return java.util.List.of(dropout.apply(xs.get(0)));
        }
    }

    @Test
    void aLayerCalledWithoutTheFlagInsideACallGivenOneInheritsIt() {
        Subclassed model = new Subclassed();
        assertTrue(dropped(model.apply(X, true)), "Keras: the call context's training=True reaches the dropout");
        model.train();
        assertArrayEquals(X.toFloatArray(), model.apply(X, false).toFloatArray());
        assertTrue(dropped(model.apply(X)), "without a flag, the dropout's own mode");
    }

    @Test
    void batchNormalizationMovesItsStatisticsOnlyInTrainingMode() {
        BatchNormalization bn = new BatchNormalization();
        Sequential model = new Sequential(Input.of(3), bn);
        Tensor x = Tensor.of(1f, 2f, 3f, 5f, 7f, 9f).reshape(2, 3);
        float[] before = bn.movingMean().value().toFloatArray();
        model.apply(x);
        assertArrayEquals(before, bn.movingMean().value().toFloatArray());
        model.train();
        model.apply(x);
        assertNotEquals(before[0], bn.movingMean().value().toFloatArray()[0]);
    }

    @Test
    void aSnapshotPutsEveryLayerBackInItsOwnMode() {
        Dropout inner = new Dropout(0.5);
        Sequential model = new Sequential(Input.of(64), new Dense(64), inner);
        model.train();
        inner.eval(); // a layer set apart by hand keeps its mode through a switch and restore
        Layer.ModeSnapshot snapshot = model.modeSnapshot();
        model.eval();
        snapshot.restore();
        assertTrue(model.isTraining());
        assertFalse(inner.isTraining());
    }
}
