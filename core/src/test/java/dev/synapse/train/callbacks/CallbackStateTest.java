package dev.synapse.train.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.synapse.Refusals;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.Callback;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Callback states come from files: every entry is checked, and a state that does not fit changes nothing. */
class CallbackStateTest {

    private static EarlyStopping trainedEarlyStopping(FakeContext ctx) {
        EarlyStopping es = new EarlyStopping("val_loss", 5, true);
        es.setContext(ctx);
        es.onTrainBegin();
        ctx.weights.get("dense.kernel").fill(7);
        es.onEpochEnd(0, new LinkedHashMap<>(Map.of("val_loss", 0.5)));
        return es;
    }

    /** Loads {@code state} with one change; must be refused naming {@code entry}, leaving the callback as it was. */
    private static void assertRefused(Callback c, Consumer<Map<String, Object>> damage, String entry) {
        Map<String, Object> state = new LinkedHashMap<>(c.stateDict());
        damage.accept(state);
        var check = Refusals.assertRefused(c::stateDict, () -> c.checkStateDict(state), entry);
        var load = Refusals.assertRefused(c::stateDict, () -> c.loadStateDict(state), entry);
        assertEquals(check.getMessage(), load.getMessage());
    }

    @Test
    void aScalarWhereEarlyStoppingsBestWeightsBelongIsRefused() {
        FakeContext ctx = new FakeContext();
        EarlyStopping es = trainedEarlyStopping(ctx);
        assertRefused(es, s -> s.put("best_weights.dense.kernel", Tensor.scalar(3f)), "best_weights.dense.kernel");
        assertRefused(
                es,
                s -> s.put("best_weights.dense.kernel", Tensor.zeros(2).to(dev.synapse.tensor.DType.FLOAT64)),
                "float64");
        assertRefused(es, s -> s.put("best_weights.dense.kernel", "0.0"), "should be a tensor");
    }

    @Test
    void earlyStoppingRefusesBestWeightsOfUnknownOrMissingWeights() {
        FakeContext ctx = new FakeContext();
        EarlyStopping es = trainedEarlyStopping(ctx);
        assertRefused(es, s -> s.put("best_weights.dense_9.kernel", Tensor.zeros(2)), "names no weight");
        ctx.weights.put("dense.bias", Tensor.zeros(1));
        assertRefused(es, s -> {}, "best_weights.dense.bias' is missing");
    }

    @Test
    void earlyStoppingChecksEveryScalarEntry() {
        EarlyStopping es = trainedEarlyStopping(new FakeContext());
        assertRefused(es, s -> s.put("wait", 2.5), "'wait'");
        assertRefused(es, s -> s.put("wait", -1L), "'wait'");
        assertRefused(es, s -> s.remove("best_epoch"), "'best_epoch'");
        assertRefused(es, s -> s.put("best", "0x1p3"), "'best'");
        assertRefused(es, s -> s.put("best", 0.5), "'best'");
        assertRefused(es, s -> s.put("patience", 3L), "unknown state entry 'patience'");
    }

    @Test
    void aGoodStateStillLoadsAndIsCopied() {
        FakeContext ctx = new FakeContext();
        EarlyStopping saved = trainedEarlyStopping(ctx);
        Map<String, Object> state = saved.stateDict();
        EarlyStopping es = new EarlyStopping("val_loss", 5, true);
        es.setContext(ctx);
        es.onTrainBegin();
        es.checkStateDict(state);
        es.loadStateDict(state);
        ((Tensor) state.get("best_weights.dense.kernel")).fill(-1); // the loaded snapshot is its own copy
        ctx.weights.get("dense.kernel").fill(0);
        es.onTrainEnd(Map.of());
        assertArrayEquals(new float[] {7, 7}, ctx.weights.get("dense.kernel").toFloatArray());
        assertEquals(0, es.bestEpoch());
    }

    @Test
    void reduceLrOnPlateauAndModelCheckpointCheckTheirEntries() {
        ReduceLROnPlateau r = new ReduceLROnPlateau("val_loss", 0.5, 2);
        r.setContext(new FakeContext());
        r.onTrainBegin();
        assertRefused(r, s -> s.put("cooldown_left", "1"), "'cooldown_left'");
        assertRefused(r, s -> s.put("best", 1L), "'best'");
        assertRefused(r, s -> s.put("extra", 1L), "unknown state entry 'extra'");

        ModelCheckpoint m = new ModelCheckpoint("unused.synapse");
        m.onTrainBegin();
        assertRefused(m, s -> s.put("best", true), "'best'");
        assertRefused(m, s -> s.remove("best"), "'best'");
    }
}
