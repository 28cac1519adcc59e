/**
 * ONNX files in and out. {@link dev.synapse.interop.onnx.Onnx#export} writes a Synapse model as an ONNX graph
 * ({@code torch.onnx.export}, {@code tf2onnx}); {@link dev.synapse.interop.onnx.Onnx#load} (the same as
 * {@link dev.synapse.interop.onnx.OnnxImporter#load}) reads a file written by {@code torch.onnx.export}, or any
 * exporter using the same operators, and builds a trainable Synapse {@link dev.synapse.nn.Model} carrying its
 * weights. Protocol buffers are written and read with core's wire codec ({@code dev.synapse.io.ProtoWriter},
 * {@code ProtoReader}, bounded), without generated code.
 */
@NullMarked
package dev.synapse.interop.onnx;

import org.jspecify.annotations.NullMarked;
