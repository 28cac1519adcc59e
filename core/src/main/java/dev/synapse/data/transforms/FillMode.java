package dev.synapse.data.transforms;

/**
 * How geometric augmentations fill the pixels that come from outside the picture, as the
 * {@code fill_mode} of Keras's {@code RandomRotation}, {@code RandomTranslation} and {@code RandomZoom}.
 */
public enum FillMode {
    /** Mirror about the edge: {@code (d c b a | a b c d | d c b a)}; Keras's default. */
    REFLECT,
    /** Repeat the edge pixel: {@code (a a a a | a b c d | d d d d)}. */
    NEAREST,
    /** Fill with a constant value (zero unless given). */
    CONSTANT
}
