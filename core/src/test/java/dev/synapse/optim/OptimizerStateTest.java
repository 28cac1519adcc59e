package dev.synapse.optim;

import static dev.synapse.Refusals.assertRefused;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code loadState} checks the whole state before taking any of it. */
class OptimizerStateTest {

    private static Adam steppedAdam(List<Tensor> params) {
        Adam adam = new Adam(0.1);
        for (Tensor p : params) {
            p.sum().backward();
        }
        adam.step(params);
        return adam;
    }

    private static List<Tensor> params() {
        return List.of(Tensor.ones(3).requiresGrad(true), Tensor.ones(2, 2).requiresGrad(true));
    }

    private static void assertRefusedAndUnchanged(
            Adam adam, List<Tensor> params, Map<String, Tensor> state, String why) {
        assertRefused(() -> adam.state(params), () -> adam.loadState(params, state), why);
    }

    @Test
    void aBadSlotOfTheSecondVariableLeavesTheFirstUntouched() {
        List<Tensor> params = params();
        Adam adam = steppedAdam(params);
        Map<String, Tensor> state = new LinkedHashMap<>();
        adam.state(params).forEach((k, t) -> state.put(k, t.copy().fill(9)));
        state.put("1.v", Tensor.zeros(4));
        assertRefusedAndUnchanged(adam, params, state, "1.v");
    }

    @Test
    void unknownSlotsWrongDtypesAndHalfStatesAreRefused() {
        List<Tensor> params = params();
        Adam adam = steppedAdam(params);
        Map<String, Tensor> good = adam.state(params);

        Map<String, Tensor> unknown = new LinkedHashMap<>(good);
        unknown.put("0.bogus", Tensor.zeros(3));
        assertRefusedAndUnchanged(adam, params, unknown, "'0.bogus' is not a slot");

        Map<String, Tensor> outOfRange = new LinkedHashMap<>(good);
        outOfRange.put("7.m", Tensor.zeros(3));
        assertRefusedAndUnchanged(adam, params, outOfRange, "'7.m'");

        Map<String, Tensor> dtype = new LinkedHashMap<>(good);
        dtype.put("0.m", Tensor.zeros(3).to(DType.INT32));
        assertRefusedAndUnchanged(adam, params, dtype, "int32");

        Map<String, Tensor> half = new LinkedHashMap<>(good);
        half.remove("0.v");
        assertRefusedAndUnchanged(adam, params, half, "0.v is missing");
    }
}
