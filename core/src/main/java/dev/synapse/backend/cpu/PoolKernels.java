package dev.synapse.backend.cpu;

import dev.synapse.backend.Conv2dSpec;
import dev.synapse.backend.Pool2dSpec;
import dev.synapse.tensor.Tensor;

/** TODO(issue 2): kernels not written yet. */
final class PoolKernels {
    private PoolKernels() {
    }

    static void maxPool(Tensor x, Pool2dSpec spec, Tensor out) {
        throw new UnsupportedOperationException("maxPool: not implemented on the CPU backend yet");
    }

    static void maxPoolBackward(Tensor x, Tensor gradOut, Pool2dSpec spec, Tensor gradIn) {
        throw new UnsupportedOperationException("maxPoolBackward: not implemented on the CPU backend yet");
    }

    static void avgPool(Tensor x, Pool2dSpec spec, Tensor out) {
        throw new UnsupportedOperationException("avgPool: not implemented on the CPU backend yet");
    }

    static void avgPoolBackward(Tensor gradOut, Pool2dSpec spec, Tensor gradIn) {
        throw new UnsupportedOperationException("avgPoolBackward: not implemented on the CPU backend yet");
    }
}
