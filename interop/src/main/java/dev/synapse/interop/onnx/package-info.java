/**
 * ONNX import: {@link dev.synapse.interop.onnx.OnnxImporter#load} reads a model file written by
 * {@code torch.onnx.export} (or any exporter using the same operators) and builds a trainable Synapse
 * {@link dev.synapse.nn.Model} carrying its weights. {@link dev.synapse.interop.onnx.OnnxReader} is the
 * bounded protobuf reader behind it.
 */
@NullMarked
package dev.synapse.interop.onnx;

import org.jspecify.annotations.NullMarked;
