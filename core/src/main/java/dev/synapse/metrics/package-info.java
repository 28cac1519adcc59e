/**
 * Stateful metrics accumulated over an epoch on the predictions' device, as {@code keras.metrics} and torchmetrics.
 *
 * <p>Null-marked: a parameter, return value or field may be null only where it is annotated {@code @Nullable}.
 */
@NullMarked
package dev.synapse.metrics;

import org.jspecify.annotations.NullMarked;
