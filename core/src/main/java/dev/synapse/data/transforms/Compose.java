package dev.synapse.data.transforms;

import dev.synapse.tensor.Tensor;
import java.util.List;

/** Transforms applied one after the other: {@code torchvision.transforms.Compose}. */
public final class Compose implements Transform {
    private final List<Transform> steps;

    /** The steps, first applied first. */
    public Compose(Transform... steps) {
        this.steps = List.of(steps);
    }

    @Override
    public Tensor apply(Tensor x) {
        Tensor t = x;
        for (Transform s : steps) {
            t = s.apply(t);
        }
        return t;
    }

    /** The steps, in order. */
    public List<Transform> steps() {
        return steps;
    }
}
