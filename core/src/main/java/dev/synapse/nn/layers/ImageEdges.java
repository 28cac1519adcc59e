package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import java.util.List;

/**
 * Rows and columns at the four edges of channels-last images: what {@link Cropping2D} removes and
 * {@link ZeroPadding2D} adds, {@code ((top, bottom), (left, right))} in Keras's configs.
 */
record ImageEdges(int top, int bottom, int left, int right) {

    /** Checked edges of {@code layer}'s {@code what} (cropping, padding). */
    static ImageEdges of(String layer, String what, int top, int bottom, int left, int right) {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException(layer + ": " + what + " must not be negative");
        }
        return new ImageEdges(top, bottom, left, right);
    }

    /** Keras's {@code [[top, bottom], [left, right]]}. */
    List<List<Integer>> config() {
        return List.of(List.of(top, bottom), List.of(left, right));
    }

    /** Reads {@code [[top, bottom], [left, right]]}, {@code [height, width]} or one size for every edge. */
    static int[] fromConfig(Object v) {
        if (v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof List) {
            int[] a = Configs.toIntArray(l.get(0));
            int[] b = Configs.toIntArray(l.get(1));
            return new int[] {a[0], a[1], b[0], b[1]};
        }
        int[] flat = Configs.toIntArray(v);
        int h = flat[0];
        int w = flat.length > 1 ? flat[1] : flat[0];
        return new int[] {h, h, w, w};
    }
}
