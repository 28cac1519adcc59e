/**
 * Layers and models: {@code Layer}, {@code Model}, {@code Sequential}, {@code LayerRegistry}, as {@code keras.layers}
 * and {@code torch.nn}.
 *
 * <p>Null-marked: a parameter, return value or field may be null only where it is annotated {@code @Nullable}.
 */
@NullMarked
package dev.synapse.nn;

import org.jspecify.annotations.NullMarked;
