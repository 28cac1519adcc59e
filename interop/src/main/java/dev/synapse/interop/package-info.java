/**
 * Models in and out of other frameworks: ONNX ({@code torch.onnx.export}, {@code onnx.load}), PyTorch
 * state_dicts ({@code torch.save}/{@code torch.load(weights_only=True)}, {@code safetensors}) and Keras files
 * ({@code keras.saving.load_model}, {@code .keras} and legacy {@code .h5}). Every reader treats its file as data:
 * sizes are bounded before allocation, no class is loaded by name, and a malformed file is one
 * {@link dev.synapse.io.CorruptFileException} naming the file and the entry.
 */
@NullMarked
package dev.synapse.interop;

import org.jspecify.annotations.NullMarked;
