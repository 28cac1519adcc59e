package dev.synapse.nn.layers;

import dev.synapse.tensor.Tensor;
import java.util.Locale;

/**
 * Where the channels sit in a layer's inputs and outputs: Keras's {@code data_format}. The kernels are
 * channels-last; a channels-first layer (PyTorch's layout, {@code [batch, channels, ...]}) permutes its input to
 * channels-last and its output back, so a port keeps PyTorch's layout between layers.
 */
enum DataFormat {
    CHANNELS_LAST,
    CHANNELS_FIRST;

    /** Keras's {@code "channels_last"} or {@code "channels_first"} (any case). */
    static DataFormat of(String layer, String keras) {
        return switch (keras.toLowerCase(Locale.ROOT)) {
            case "channels_last" -> CHANNELS_LAST;
            case "channels_first" -> CHANNELS_FIRST;
            default ->
                throw new IllegalArgumentException(
                        layer + ": data_format must be \"channels_last\" or \"channels_first\", got \"" + keras + "\"");
        };
    }

    /** The config's string. */
    String keras() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The axis of the channels, as an input spec names it: -1 (the last) or 1. */
    int channelAxis() {
        return this == CHANNELS_LAST ? -1 : 1;
    }

    /** {@code x} in channels-last layout. */
    Tensor toLast(Tensor x) {
        return this == CHANNELS_LAST ? x : x.permute(toLastAxes(x.rank()));
    }

    /** A channels-last {@code y} in this layout. */
    Tensor fromLast(Tensor y) {
        return this == CHANNELS_LAST ? y : y.permute(fromLastAxes(y.rank()));
    }

    /** A shape in this layout as channels-last. */
    int[] shapeToLast(int[] s) {
        return this == CHANNELS_LAST ? s : permute(s, toLastAxes(s.length));
    }

    /** A channels-last shape in this layout. */
    int[] shapeFromLast(int[] s) {
        return this == CHANNELS_LAST ? s : permute(s, fromLastAxes(s.length));
    }

    private static int[] toLastAxes(int rank) {
        int[] axes = new int[rank];
        for (int i = 1; i < rank - 1; i++) {
            axes[i] = i + 1;
        }
        axes[rank - 1] = 1;
        return axes;
    }

    private static int[] fromLastAxes(int rank) {
        int[] axes = new int[rank];
        axes[1] = rank - 1;
        for (int i = 2; i < rank; i++) {
            axes[i] = i - 1;
        }
        return axes;
    }

    private static int[] permute(int[] s, int[] axes) {
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[axes[i]];
        }
        return out;
    }
}
