package dev.synapse.nn;

import dev.synapse.Synapse;
import dev.synapse.autograd.GradCheck;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Gradient checks of a layer with respect to its float inputs and all its trainable weights, in float64. */
public final class LayerGradCheck {
    private LayerGradCheck() {}

    /** Checks the gradients of {@code layer}'s first output in inference mode. */
    public static void check(Layer layer, Tensor... inputs) {
        check(layer, false, inputs);
    }

    /** Checks the gradients of {@code layer}'s first output; random layers are reseeded before each call. */
    public static void check(Layer layer, boolean training, Tensor... inputs) {
        List<Tensor> xs = new ArrayList<>();
        for (Tensor t : inputs) {
            xs.add(t.dtype().isFloating() ? t.to(DType.FLOAT64) : t);
        }
        Synapse.setSeed(99);
        layer.applyAll(xs, training);
        List<Weight> ws = layer.trainableWeights();
        Tensor[] all = new Tensor[xs.size() + ws.size()];
        for (int i = 0; i < xs.size(); i++) {
            all[i] = xs.get(i);
        }
        for (int i = 0; i < ws.size(); i++) {
            all[xs.size() + i] = ws.get(i).value().detach().to(DType.FLOAT64);
        }
        int n = xs.size();
        GradCheck.check(
                new GradCheck.Options(1e-6, 1e-5, 1e-3),
                t -> {
                    for (int i = 0; i < ws.size(); i++) {
                        ws.get(i).set(t[n + i]);
                    }
                    Synapse.setSeed(99);
                    return layer.applyAll(List.of(t).subList(0, n), training).get(0);
                },
                all);
    }
}
