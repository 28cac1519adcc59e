package dev.synapse.interop.onnx;

import dev.synapse.nn.SymbolicTensor;

/** What one named ONNX value became while a graph is converted. */
sealed interface OnnxValue {
    /**
     * How a symbolic tensor's axes relate to the ONNX value's. Synapse's axis 0 is always the batch;
     * ONNX images are NCHW while Synapse's convolutions are NHWC, and ONNX recurrent operators are
     * time-major while Synapse's are batch-first.
     */
    enum Layout {
        /** The same axes. */
        SAME,
        /** ONNX {@code [N, C, spatial...]} held as {@code [N, spatial..., C]}. */
        CHANNELS_LAST,
        /** ONNX {@code [T, N, F]} held as {@code [N, T, F]}. */
        TIME_MAJOR,
        /** An ONNX recurrent operator's {@code Y}, {@code [T, 1, N, H]}, held as {@code [N, T, H]}. */
        RNN_SEQUENCE,
        /** An ONNX recurrent operator's last state, {@code [1, N, H]}, held as {@code [N, H]}. */
        RNN_STATE,
        /** A bidirectional recurrent operator's {@code Y}, {@code [T, 2, N, H]}, held as {@code [N, T, 2H]}. */
        BIRNN_SEQUENCE,
        /** That {@code Y} transposed to {@code [T, N, 2, H]}, held as {@code [N, T, 2H]}. */
        BIRNN_STEPS
    }

    /** A tensor computed by the model. */
    record Sym(SymbolicTensor tensor, Layout layout) implements OnnxValue {}

    /**
     * A value known when importing: an initializer, a {@code Constant}, or a shape computed from the
     * known dims, where {@link OnnxImportContext#BATCH} stands for the batch size.
     */
    record Const(OnnxTensor tensor) implements OnnxValue {}

    /** Zeros of a batch-dependent shape: PyTorch's initial recurrent state. */
    record ZeroState() implements OnnxValue {}

    /** The output of a node that could not be converted: its users are skipped without another error. */
    record Missing() implements OnnxValue {}
}
