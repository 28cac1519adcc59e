package dev.synapse.data.transforms;

import dev.synapse.data.HostArrays;
import dev.synapse.tensor.Shape;
import dev.synapse.tensor.Tensor;

/** One channels-last picture as a float array: {@code [H, W]} or {@code [H, W, C]}. */
record Image(float[] data, int[] dims, int height, int width, int channels) {

    static Image of(Tensor t, String op) {
        int[] d = t.dims();
        if (d.length != 2 && d.length != 3) {
            throw new IllegalArgumentException(
                    op + ": expected an image [H, W] or [H, W, C] (channels-last), got " + Shape.format(d));
        }
        return new Image(HostArrays.floats(t), d, d[0], d[1], d.length == 3 ? d[2] : 1);
    }

    Tensor toTensor(float[] values) {
        return Tensor.wrap(values, dims);
    }
}
