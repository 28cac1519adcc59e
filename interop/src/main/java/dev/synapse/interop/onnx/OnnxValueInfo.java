package dev.synapse.interop.onnx;

import org.jspecify.annotations.Nullable;

/**
 * A graph input or output ({@code ValueInfoProto}): its name, element type and shape, where a
 * symbolic or missing dim ({@code "batch"}) is -1 and a missing shape is null.
 */
public record OnnxValueInfo(String name, int elemType, long @Nullable [] dims) {}
