/**
 * Datasets and loaders: {@code Dataset}, {@code TensorDataset}, {@code DataLoader}, {@code Batch}, as {@code
 * torch.utils.data}.
 *
 * <p>Null-marked: a parameter, return value or field may be null only where it is annotated {@code @Nullable}.
 */
@NullMarked
package dev.synapse.data;

import org.jspecify.annotations.NullMarked;
