package dev.synapse.datasets;

import dev.synapse.data.Dataset;
import dev.synapse.data.Sample;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Pictures with 8-bit pixels and integer class labels, held compactly as one {@code byte[]}: what
 * the MNIST family and CIFAR-10 load into, as torchvision's {@code MNIST}/{@code CIFAR10} datasets.
 *
 * <p>As a {@link Dataset}, sample {@code i} is the picture as an int32 tensor of pixel values 0..255,
 * {@code [H, W]} or {@code [H, W, C]} (channels-last), with an int64 scalar label; map
 * {@code Transforms.toTensor()} over it for floats in {@code [0, 1]}. {@link #images()} and
 * {@link #labels()} give the whole set as tensors at once, as Keras's {@code load_data()}.
 */
public final class ImageDataset implements Dataset {
    private final String name;
    private final byte[] pixels;
    private final int[] imageDims;
    private final int imageSize;
    private final long[] labels;
    private final List<String> classes;

    /**
     * Wraps loaded data; {@code pixels} holds {@code labels.length} pictures of shape {@code imageDims},
     * row-major and channels-last.
     */
    public ImageDataset(String name, byte[] pixels, int[] imageDims, long[] labels, List<String> classes) {
        int size = 1;
        for (int d : imageDims) {
            size = Math.multiplyExact(size, d);
        }
        if ((long) size * labels.length != pixels.length) {
            throw new IllegalArgumentException(
                    name + ": " + labels.length + " pictures of " + Arrays.toString(imageDims) + " need "
                            + (long) size * labels.length + " pixels, got " + pixels.length);
        }
        this.name = name;
        this.pixels = pixels;
        this.imageDims = imageDims.clone();
        this.imageSize = size;
        this.labels = labels;
        this.classes = List.copyOf(classes);
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public Sample get(int index) {
        if (index < 0 || index >= labels.length) {
            throw new IndexOutOfBoundsException(name + ": index " + index + " of " + labels.length + " samples");
        }
        int[] v = new int[imageSize];
        int base = index * imageSize;
        for (int i = 0; i < imageSize; i++) {
            v[i] = pixels[base + i] & 0xFF;
        }
        return new Sample(Tensor.wrap(v, imageDims), Tensor.scalar(labels[index], DType.INT64));
    }

    /** The dataset's name, e.g. {@code fashion-mnist/train}. */
    public String name() {
        return name;
    }

    /** The shape of one picture: {@code [H, W]} or {@code [H, W, C]}. */
    public int[] imageShape() {
        return imageDims.clone();
    }

    /** Class names, indexed by label. */
    public List<String> classes() {
        return classes;
    }

    /** All pictures as float32 {@code [N, H, W(, C)]} scaled to {@code [0, 1]} (Keras's {@code x / 255.0}). */
    public Tensor images() {
        float[] v = new float[pixels.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (pixels[i] & 0xFF) / 255f;
        }
        return Tensor.wrap(v, withCount(labels.length));
    }

    /** All labels as int64 {@code [N]}. */
    public Tensor labels() {
        return Tensor.wrap(labels.clone(), labels.length);
    }

    /** A copy of the raw pixels, 0..255 as unsigned bytes, row-major. */
    public byte[] pixels() {
        return pixels.clone();
    }

    /** Label of sample {@code i}, without building tensors. */
    public long label(int i) {
        return labels[i];
    }

    /** Samples per class, indexed by label. */
    public long[] classCounts() {
        long max = -1;
        for (long l : labels) {
            max = Math.max(max, l);
        }
        long[] counts = new long[(int) max + 1];
        for (long l : labels) {
            counts[(int) l]++;
        }
        return counts;
    }

    private int[] withCount(int n) {
        int[] d = new int[imageDims.length + 1];
        d[0] = n;
        System.arraycopy(imageDims, 0, d, 1, imageDims.length);
        return d;
    }
}
