/**
 * Internal access between core's packages; not exported from the {@code dev.synapse.core} module and not part of the API.
 *
 * <p>Null-marked: a parameter, return value or field may be null only where it is annotated {@code @Nullable}.
 */
@NullMarked
package dev.synapse.internal;

import org.jspecify.annotations.NullMarked;
