/**
 * The tensor ops, one class per family, each op with its backward rule beside it.
 *
 * <p>Null-marked: a parameter, return value or field may be null only where it is annotated {@code @Nullable}.
 */
@NullMarked
package dev.synapse.ops;

import org.jspecify.annotations.NullMarked;
