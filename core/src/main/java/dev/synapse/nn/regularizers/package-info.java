/**
 * Weight regularizers (L1, L2, L1L2), as {@code keras.regularizers}.
 *
 * <p>Null-marked: a parameter, return value or field may be null only where it is annotated {@code @Nullable}.
 */
@NullMarked
package dev.synapse.nn.regularizers;

import org.jspecify.annotations.NullMarked;
