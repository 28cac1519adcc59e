/**
 * PyTorch state_dicts in and out: {@code .safetensors} and {@code .pt}/{@code .pth} files read and written
 * ({@link dev.synapse.interop.torch.StateDict}), and loaded into or saved from Synapse models with the layout
 * conversions done ({@link dev.synapse.interop.torch.TorchWeights}). The {@code .pt} pickle is read as
 * {@code torch.load(weights_only=True)} does: only what rebuilding tensors needs, never a class.
 */
@NullMarked
package dev.synapse.interop.torch;

import org.jspecify.annotations.NullMarked;
