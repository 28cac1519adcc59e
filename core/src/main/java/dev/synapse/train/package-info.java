/**
 * The training loop ({@code Trainer}), {@code TrainingModule}, callbacks and {@code History}, as Lightning's {@code
 * Trainer} and Keras's {@code fit}.
 *
 * <p>Null-marked: a parameter, return value or field may be null only where it is annotated {@code @Nullable}.
 */
@NullMarked
package dev.synapse.train;

import org.jspecify.annotations.NullMarked;
