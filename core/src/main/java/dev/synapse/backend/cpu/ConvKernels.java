package dev.synapse.backend.cpu;

import dev.synapse.backend.Conv2dSpec;
import dev.synapse.backend.Pool2dSpec;
import dev.synapse.tensor.Tensor;

/** TODO(issue 2): kernels not written yet. */
final class ConvKernels {
    private ConvKernels() {
    }

    static void conv2d(Tensor x, Tensor w, Conv2dSpec spec, Tensor out) {
        throw new UnsupportedOperationException("conv2d: not implemented on the CPU backend yet");
    }

    static void backwardInput(Tensor gradOut, Tensor w, Conv2dSpec spec, Tensor gradIn) {
        throw new UnsupportedOperationException("backwardInput: not implemented on the CPU backend yet");
    }

    static void backwardWeight(Tensor x, Tensor gradOut, Conv2dSpec spec, Tensor gradW) {
        throw new UnsupportedOperationException("backwardWeight: not implemented on the CPU backend yet");
    }
}
