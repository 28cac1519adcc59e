/**
 * Optimizers and learning-rate schedules, as {@code torch.optim} and {@code keras.optimizers}.
 *
 * <p>Null-marked: a parameter, return value or field may be null only where it is annotated {@code @Nullable}.
 */
@NullMarked
package dev.synapse.optim;

import org.jspecify.annotations.NullMarked;
