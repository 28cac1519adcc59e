/**
 * Stateful metrics accumulated on the host over an epoch, as {@code keras.metrics} and torchmetrics.
 *
 * <p>Null-marked: a parameter, return value or field may be null only where it is annotated {@code @Nullable}.
 */
@NullMarked
package dev.synapse.metrics;

import org.jspecify.annotations.NullMarked;
