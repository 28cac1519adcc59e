package dev.synapse.datasets;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Krizhevsky's CIFAR-10: 60,000 colour 32x32 pictures in 10 classes, 50,000 for training and 10,000
 * for testing; {@code torchvision.datasets.CIFAR10} and {@code keras.datasets.cifar10.load_data()}.
 * Pictures are channels-last {@code [32, 32, 3]}, as Keras.
 *
 * <p>Reads the publisher's <em>binary</em> version ({@code cifar-10-binary.tar.gz}), which is plain
 * records (a label byte, then 1,024 red, green and blue bytes), rather than the Python version, whose
 * pickles would be code to run. Checksum: SHA-256 and size as listed by TensorFlow Datasets
 * ({@code url_checksums/cifar10.txt}); the CIFAR page publishes the MD5
 * {@code c32a1d4ab5d03f1284b67883e8d87530} for the same file, not checked here.
 */
public final class Cifar10 {
    /** The class names, indexed by label. */
    public static final List<String> CLASSES =
            List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    /** The archive. */
    public static final RemoteFile ARCHIVE = new RemoteFile(
            "cifar-10",
            "cifar-10-binary.tar.gz",
            List.of(URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")),
            170052171L,
            "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd",
            List.of(Path.of("data", "cifar-10-binary.tar.gz")));

    private static final int SIDE = 32;
    private static final int PLANE = SIDE * SIDE;
    private static final int RECORD = 1 + 3 * PLANE;
    private static final int PER_FILE = 10_000;
    /** The archive's decompressed size at most: six batch files, plus headers and two small text files. */
    static final long MAX_CONTENT = 6L * RECORD * PER_FILE + (1 << 20);

    private Cifar10() {}

    /** The 50,000 training pictures. */
    public static ImageDataset train() {
        return load(Split.TRAIN);
    }

    /** The 10,000 test pictures. */
    public static ImageDataset test() {
        return load(Split.TEST);
    }

    /** One set, through the standard cache and downloader. */
    public static ImageDataset load(Split split) {
        return read(Downloader.standard().fetch(ARCHIVE), split);
    }

    /** One set read from a {@code cifar-10-binary.tar.gz} at {@code archive}. */
    public static ImageDataset read(Path archive, Split split) {
        List<String> wanted = split == Split.TRAIN
                ? List.of(
                        "data_batch_1.bin",
                        "data_batch_2.bin",
                        "data_batch_3.bin",
                        "data_batch_4.bin",
                        "data_batch_5.bin")
                : List.of("test_batch.bin");
        Map<String, byte[]> found = new HashMap<>();
        // Bounded, so that a gzip bomb is refused once it passes CIFAR-10's size rather than inflated whole.
        try (InputStream in = new LimitedInputStream(
                new GZIPInputStream(Files.newInputStream(archive), 1 << 16), MAX_CONTENT, archive + " decompressed")) {
            TarReader tar = new TarReader(in, archive.toString());
            TarReader.Entry e;
            while ((e = tar.next()) != null) {
                String base = e.path().substring(e.path().lastIndexOf('/') + 1);
                if (!e.regularFile() || !wanted.contains(base)) {
                    continue;
                }
                if (e.size() != (long) RECORD * PER_FILE) {
                    throw new DatasetException(archive + "!" + e.path() + " has " + e.size() + " bytes, expected "
                            + (long) RECORD * PER_FILE + " (10,000 records of 3,073 bytes); the archive is corrupt");
                }
                found.put(base, tar.readEntry(e.size()));
            }
            // Read to the end so that the gzip CRC of the whole archive is checked.
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (ZipException | EOFException e) {
            throw new DatasetException(
                    archive + " is not a readable gzip file (" + e.getMessage()
                            + "): it is truncated or corrupt. Delete it so that it is downloaded again.",
                    e);
        } catch (LimitedInputStream.TooLongException e) {
            throw new DatasetException(
                    e.getMessage() + " (CIFAR-10's binary archive); it is not that archive. Delete it "
                            + "so that it is downloaded again.",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + archive + ": " + e.getMessage(), e);
        }
        for (String w : wanted) {
            if (!found.containsKey(w)) {
                throw new DatasetException(
                        archive + " has no entry " + w + "; it is truncated or not CIFAR-10's binary archive");
            }
        }
        int n = wanted.size() * PER_FILE;
        byte[] pixels = new byte[n * 3 * PLANE];
        long[] labels = new long[n];
        int k = 0;
        for (String w : wanted) {
            byte[] data = found.get(w);
            for (int r = 0; r < PER_FILE; r++, k++) {
                int base = r * RECORD;
                int label = data[base] & 0xFF;
                if (label >= CLASSES.size()) {
                    throw new DatasetException(archive + "!" + w + ": record " + r + " has label " + label
                            + ", expected 0..9; the archive is corrupt");
                }
                labels[k] = label;
                // Planar RGB to channels-last.
                int out = k * 3 * PLANE;
                for (int p = 0; p < PLANE; p++) {
                    pixels[out + 3 * p] = data[base + 1 + p];
                    pixels[out + 3 * p + 1] = data[base + 1 + PLANE + p];
                    pixels[out + 3 * p + 2] = data[base + 1 + 2 * PLANE + p];
                }
            }
        }
        return new ImageDataset(
                "cifar-10/" + (split == Split.TRAIN ? "train" : "test"),
                pixels,
                new int[] {SIDE, SIDE, 3},
                labels,
                CLASSES);
    }
}
