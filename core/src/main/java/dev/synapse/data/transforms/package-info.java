/**
 * Sample transforms: {@code toTensor}, {@code normalize}, {@code flatten}, {@code compose} and seeded augmentations, as
 * {@code torchvision.transforms}.
 *
 * <p>Null-marked: a parameter, return value or field may be null only where it is annotated {@code @Nullable}.
 */
@NullMarked
package dev.synapse.data.transforms;

import org.jspecify.annotations.NullMarked;
