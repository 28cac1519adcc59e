/**
 * How Synapse's own model files are written and read: the model archive's codec ({@code ModelFiles}), the compile
 * settings' JSON ({@code CompileConfigs}) and typed JSON reads ({@code JsonFields}). Not exported: users save and load
 * through {@code Model.save}/{@code Model.load}, and checkpoints through the Trainer.
 *
 * <p>Null-marked: a parameter, return value or field may be null only where it is annotated {@code @Nullable}.
 */
@NullMarked
package dev.synapse.io.internal;

import org.jspecify.annotations.NullMarked;
