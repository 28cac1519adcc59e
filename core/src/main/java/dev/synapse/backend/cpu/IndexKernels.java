package dev.synapse.backend.cpu;

import dev.synapse.backend.Conv2dSpec;
import dev.synapse.backend.Pool2dSpec;
import dev.synapse.tensor.Tensor;

/** TODO(issue 2): kernels not written yet. */
final class IndexKernels {
    private IndexKernels() {
    }

    static void indexSelect(Tensor x, int axis, Tensor index, Tensor out) {
        throw new UnsupportedOperationException("indexSelect: not implemented on the CPU backend yet");
    }

    static void indexAdd(Tensor out, int axis, Tensor index, Tensor src) {
        throw new UnsupportedOperationException("indexAdd: not implemented on the CPU backend yet");
    }

    static void gather(Tensor x, int axis, Tensor index, Tensor out) {
        throw new UnsupportedOperationException("gather: not implemented on the CPU backend yet");
    }

    static void scatterAdd(Tensor out, int axis, Tensor index, Tensor src) {
        throw new UnsupportedOperationException("scatterAdd: not implemented on the CPU backend yet");
    }
}
