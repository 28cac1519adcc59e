package dev.synapse.interop.onnx;

/** Converts one ONNX operator into Synapse layers, recording its outputs in the context. */
@FunctionalInterface
interface OnnxOpImport {
    void convert(OnnxNode node, OnnxImportContext ctx) throws OnnxImportContext.Unsupported;
}
