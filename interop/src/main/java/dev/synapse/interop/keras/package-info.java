/**
 * Keras's model files in and out: {@link dev.synapse.interop.keras.KerasFiles} reads {@code .keras} and legacy
 * {@code .h5} files into Synapse models and writes {@code .keras} files that {@code keras.saving.load_model}
 * reads.
 */
@NullMarked
package dev.synapse.interop.keras;

import org.jspecify.annotations.NullMarked;
