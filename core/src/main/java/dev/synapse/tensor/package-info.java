/**
 * Tensors: {@code Tensor} (a strided view on {@code Storage}), {@code Shape}, {@code DType}, {@code Device}, the seeded
 * {@code Generator}.
 *
 * <p>Null-marked: a parameter, return value or field may be null only where it is annotated {@code @Nullable}.
 */
@NullMarked
package dev.synapse.tensor;

import org.jspecify.annotations.NullMarked;
