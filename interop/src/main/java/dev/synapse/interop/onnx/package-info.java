/**
 * ONNX files: export of Synapse models ({@link dev.synapse.interop.onnx.Onnx}), protocol buffers written
 * by hand.
 */
@NullMarked
package dev.synapse.interop.onnx;

import org.jspecify.annotations.NullMarked;
