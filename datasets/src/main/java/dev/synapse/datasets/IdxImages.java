package dev.synapse.datasets;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Loads an images/labels pair of IDX files into an {@link ImageDataset}: the shared code of the MNIST family. */
final class IdxImages {
    private IdxImages() {}

    static ImageDataset load(String name, Path images, Path labels, List<String> classes, long minLabel) {
        IdxReader.Idx img = IdxReader.read(images);
        IdxReader.Idx lab = IdxReader.read(labels);
        return build(name, img, images.toString(), lab, labels.toString(), classes, minLabel, false);
    }

    static ImageDataset build(
            String name,
            IdxReader.Idx img,
            String imgName,
            IdxReader.Idx lab,
            String labName,
            List<String> classes,
            long minLabel,
            boolean transpose) {
        if (img.dims().length != 3) {
            throw new DatasetException(
                    imgName + ": expected pictures [N, H, W], got dimensions " + Arrays.toString(img.dims()));
        }
        if (lab.dims().length != 1) {
            throw new DatasetException(
                    labName + ": expected labels [N], got dimensions " + Arrays.toString(lab.dims()));
        }
        if (img.count() != lab.count()) {
            throw new DatasetException(name + ": " + imgName + " holds " + img.count() + " pictures but " + labName
                    + " holds " + lab.count() + " labels");
        }
        long[] labels = new long[lab.count()];
        long maxLabel = minLabel + classes.size() - 1;
        for (int i = 0; i < labels.length; i++) {
            labels[i] = lab.data()[i] & 0xFF;
            if (labels[i] < minLabel || labels[i] > maxLabel) {
                throw new DatasetException(labName + ": label " + labels[i] + " at position " + i + " is outside "
                        + minLabel + ".." + maxLabel + "; the file is corrupt");
            }
        }
        int h = img.dims()[1];
        int w = img.dims()[2];
        byte[] pixels = img.data();
        if (transpose) {
            pixels = transposed(pixels, img.count(), h, w);
            int t = h;
            h = w;
            w = t;
        }
        List<String> names = classes;
        if (minLabel > 0) {
            // Labels start above 0 (EMNIST letters are 1..26): pad the class list so it is indexed by label.
            String[] padded = new String[(int) maxLabel + 1];
            Arrays.fill(padded, "N/A");
            for (int i = 0; i < classes.size(); i++) {
                padded[(int) minLabel + i] = classes.get(i);
            }
            names = List.of(padded);
        }
        return new ImageDataset(name, pixels, new int[] {h, w}, labels, names);
    }

    private static byte[] transposed(byte[] src, int n, int h, int w) {
        byte[] out = new byte[src.length];
        int size = h * w;
        for (int k = 0; k < n; k++) {
            int base = k * size;
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    out[base + c * h + r] = src[base + r * w + c];
                }
            }
        }
        return out;
    }
}
