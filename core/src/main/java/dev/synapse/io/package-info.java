/**
 * Model files, checkpoints and their formats: {@code SafeZip}, strict JSON, safetensors, {@code AtomicFiles}.
 *
 * <p>Null-marked: a parameter, return value or field may be null only where it is annotated {@code @Nullable}.
 */
@NullMarked
package dev.synapse.io;

import org.jspecify.annotations.NullMarked;
