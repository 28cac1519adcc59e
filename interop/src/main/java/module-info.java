/**
 * Synapse's interop: ONNX export and import ({@code dev.synapse.interop.onnx}), PyTorch state_dicts
 * ({@code dev.synapse.interop.torch}) and Keras files ({@code dev.synapse.interop.keras}), and the model formats
 * through which {@code Model.load} reads Keras and ONNX files.
 */
module dev.synapse.interop {
    requires transitive dev.synapse.core;
    requires static transitive org.jspecify;
    // HDF5 for Keras's weights: jHDF names itself io.jhdf in its manifest (an automatic module).
    requires io.jhdf;

    exports dev.synapse.interop.keras;
    exports dev.synapse.interop.onnx;
    exports dev.synapse.interop.torch;

    provides dev.synapse.nn.ModelFormat with
            dev.synapse.interop.keras.KerasModelFormat,
            dev.synapse.interop.onnx.OnnxModelFormat;
}
