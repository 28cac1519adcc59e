/**
 * Loss functions built from tensor ops, as {@code keras.losses} and {@code torch.nn} losses.
 *
 * <p>Null-marked: a parameter, return value or field may be null only where it is annotated {@code @Nullable}.
 */
@NullMarked
package dev.synapse.losses;

import org.jspecify.annotations.NullMarked;
