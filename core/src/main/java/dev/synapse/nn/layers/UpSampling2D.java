package dev.synapse.nn.layers;

import dev.synapse.nn.Configs;
import dev.synapse.nn.InputSpec;
import dev.synapse.nn.Layer;
import dev.synapse.ops.NN;
import dev.synapse.tensor.Tensor;
import java.util.Locale;
import java.util.Map;

/**
 * Repeats rows and columns of channels-last images by integer factors, with nearest or bilinear
 * interpolation ({@code keras.layers.UpSampling2D}; PyTorch's {@code nn.Upsample}, whose bilinear mode matches with
 * {@code align_corners=False}, and with {@code align_corners=True} through {@link #withAlignCorners}).
 * {@code withDataFormat("channels_first")} takes and gives PyTorch's {@code [batch, channels, h, w]}.
 */
public class UpSampling2D extends Layer {
    private final int[] size;
    private final String interpolation;
    private DataFormat dataFormat = DataFormat.CHANNELS_LAST;
    private boolean alignCorners;

    /** Doubles height and width, nearest neighbour. */
    public UpSampling2D() {
        this(new int[] {2, 2}, "nearest");
    }

    /** Factors (one, or height and width) and {@code "nearest"} or {@code "bilinear"}. */
    public UpSampling2D(int[] size, String interpolation) {
        super(InputSpec.ndim(4));
        this.size = SlidingWindows.expand("UpSampling2D size", size, 2);
        String i = interpolation.toLowerCase(Locale.ROOT);
        if (!i.equals("nearest") && !i.equals("bilinear")) {
            throw new IllegalArgumentException(
                    "UpSampling2D: interpolation must be \"nearest\" or \"bilinear\", got \"" + interpolation + "\"");
        }
        this.interpolation = i;
    }

    /**
     * Keras's {@code data_format}: {@code "channels_first"} takes and gives PyTorch's {@code [batch, channels, h, w]}
     * (computed by permuting to channels-last and back); {@code "channels_last"} is the default. Set before the layer
     * is first used; returns this layer.
     */
    public UpSampling2D withDataFormat(String format) {
        if (isBuilt()) {
            throw new IllegalStateException(name() + ": the data format is set before the layer is first used");
        }
        this.dataFormat = DataFormat.of(name(), format);
        return this;
    }

    /**
     * PyTorch's {@code align_corners=True} for bilinear upsampling ({@code nn.Upsample(scale_factor=2,
     * mode="bilinear", align_corners=True)}, {@code nn.UpsamplingBilinear2d}): the corner pixels of input and output
     * coincide, so output pixel {@code i} samples the input at {@code i * (h - 1) / (h * factor - 1)}. Keras's
     * UpSampling2D has no such option, so a layer with it is not saved as a {@code .keras} file. Set before the layer
     * is first used; returns this layer.
     */
    public UpSampling2D withAlignCorners(boolean align) {
        if (isBuilt()) {
            throw new IllegalStateException(name() + ": align_corners is set before the layer is first used");
        }
        if (align && !interpolation.equals("bilinear")) {
            throw new IllegalArgumentException(
                    name() + ": align_corners applies to bilinear interpolation, not \"" + interpolation + "\"");
        }
        this.alignCorners = align;
        return this;
    }

    /** Whether the corner pixels are aligned ({@link #withAlignCorners}). */
    public boolean alignCorners() {
        return alignCorners;
    }

    @Override
    protected int[] computeOutputShape(int[] given) {
        int[] s = dataFormat.shapeToLast(given);
        return dataFormat.shapeFromLast(
                new int[] {s[0], s[1] < 0 ? -1 : s[1] * size[0], s[2] < 0 ? -1 : s[2] * size[1], s[3]});
    }

    @Override
    protected Tensor call(Tensor given, boolean training) {
        Tensor x = dataFormat.toLast(given);
        return dataFormat.fromLast(
                interpolation.equals("nearest")
                        ? NN.upsampleNearest2d(x, size[0], size[1])
                        : alignCorners
                                ? NN.upsampleBilinear2dAlignCorners(x, size[0], size[1])
                                : NN.upsampleBilinear2d(x, size[0], size[1]));
    }

    @Override
    protected Map<String, Object> config() {
        Map<String, Object> m = super.config();
        m.put("size", SlidingWindows.list(size));
        m.put("interpolation", interpolation);
        m.put("data_format", dataFormat.keras());
        m.put("align_corners", alignCorners);
        return m;
    }

    /** Rebuilds the layer from its config. */
    public static UpSampling2D fromConfig(Map<String, Object> c) {
        return new UpSampling2D(Configs.getIntArray(c, "size"), Configs.getString(c, "interpolation", "nearest"))
                .withDataFormat(Configs.getString(c, "data_format", "channels_last"))
                .withAlignCorners(Configs.getBoolean(c, "align_corners", false));
    }
}
