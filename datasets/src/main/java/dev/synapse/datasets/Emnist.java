package dev.synapse.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * NIST's EMNIST: handwritten digits and letters as 28x28 grey pictures in six variants;
 * {@code torchvision.datasets.EMNIST} and the {@code emnist} package's
 * {@code extract_training_samples('letters')} that seed 000 uses.
 *
 * <pre>{@code
 * ImageDataset letters = Emnist.train(Emnist.Variant.LETTERS);   // 124,800 pictures, labels 1..26
 * }</pre>
 *
 * <p>The pictures are transposed on loading so that they stand upright (NIST stores them column-major),
 * as the {@code emnist} package does. Labels are the file's own: LETTERS is labelled 1..26 ('a'..'z',
 * upper and lower case merged), so subtract 1 before {@code toCategorical(y, 26)}.
 *
 * <p>All variants come from one 562 MB archive, {@code gzip.zip}, from NIST (two addresses), also found
 * where the {@code emnist} package caches it ({@code ~/.cache/emnist/emnist.zip}) and in torchvision's
 * layout ({@code data/EMNIST/raw/gzip.zip}). Checksum: the SHA-256 and size listed by TensorFlow Datasets
 * ({@code url_checksums/emnist.txt}); torchvision publishes the MD5 {@code 58c8d27c78d21e728a6bc7b3cc06412e}
 * for the same archive, not checked here.
 */
public final class Emnist {
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String UPPER = LOWER.toUpperCase(Locale.ROOT);
    private static final String DIGIT_CHARS = "0123456789";

    /** The EMNIST variants ({@code split=} in torchvision). */
    public enum Variant {
        /** 131,600 pictures, 47 balanced classes (digits, upper case, 11 distinct lower case letters). */
        BALANCED(DIGIT_CHARS + UPPER + "abdefghnqrt", 0),
        /** 814,255 pictures, 62 unbalanced classes. */
        BYCLASS(DIGIT_CHARS + UPPER + LOWER, 0),
        /** 814,255 pictures, 47 unbalanced classes. */
        BYMERGE(DIGIT_CHARS + UPPER + "abdefghnqrt", 0),
        /** 280,000 digits, 10 balanced classes. */
        DIGITS(DIGIT_CHARS, 0),
        /** 145,600 letters, 26 balanced classes labelled 1..26. */
        LETTERS(LOWER, 1),
        /** 70,000 digits in MNIST's proportions. */
        MNIST(DIGIT_CHARS, 0);

        @SuppressWarnings("ImmutableEnumChecker") // List.copyOf: unmodifiable
        private final List<String> classes;

        private final int firstLabel;

        Variant(String classChars, int firstLabel) {
            List<String> c = new ArrayList<>();
            for (int i = 0; i < classChars.length(); i++) {
                c.add(String.valueOf(classChars.charAt(i)));
            }
            this.classes = List.copyOf(c);
            this.firstLabel = firstLabel;
        }

        /** The class names, the first belonging to label {@link #firstLabel()}. */
        public List<String> classes() {
            return classes;
        }

        /** The smallest label: 1 for LETTERS, 0 otherwise. */
        public int firstLabel() {
            return firstLabel;
        }

        String fileName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The archive with all variants. */
    public static final RemoteFile ARCHIVE = new RemoteFile(
            "emnist",
            "gzip.zip",
            List.of(
                    URI.create("https://biometrics.nist.gov/cs_links/EMNIST/gzip.zip"),
                    URI.create("https://www.itl.nist.gov/iaui/vip/cs_links/EMNIST/gzip.zip")),
            561753746L,
            "fb9bb67e33772a9cc0b895e4ecf36d2cf35be8b709693c3564cea2a019fcda8e",
            List.of(MnistFormat.home(".cache", "emnist", "emnist.zip"), Path.of("data", "EMNIST", "raw", "gzip.zip")));

    private Emnist() {}

    /** The training pictures of a variant. */
    public static ImageDataset train(Variant variant) {
        return load(variant, Split.TRAIN);
    }

    /** The test pictures of a variant. */
    public static ImageDataset test(Variant variant) {
        return load(variant, Split.TEST);
    }

    /** One set of a variant, through the standard cache and downloader. */
    public static ImageDataset load(Variant variant, Split split) {
        return read(Downloader.standard().fetch(ARCHIVE), variant, split);
    }

    /** One set of a variant read from an EMNIST {@code gzip.zip} archive at {@code archive}. */
    public static ImageDataset read(Path archive, Variant variant, Split split) {
        String usage = split == Split.TRAIN ? "train" : "test";
        String prefix = "gzip/emnist-" + variant.fileName() + "-" + usage + "-";
        String imagesName = prefix + "images-idx3-ubyte.gz";
        String labelsName = prefix + "labels-idx1-ubyte.gz";
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            IdxReader.Idx images = IdxReader.read(entry(zip, archive, imagesName), archive + "!" + imagesName);
            IdxReader.Idx labels = IdxReader.read(entry(zip, archive, labelsName), archive + "!" + labelsName);
            return IdxImages.build(
                    "emnist-" + variant.fileName() + "/" + usage,
                    images,
                    imagesName,
                    labels,
                    labelsName,
                    variant.classes(),
                    variant.firstLabel(),
                    true);
        } catch (ZipException e) {
            throw new DatasetException(
                    archive + " is not a readable zip archive (" + e.getMessage()
                            + "): it is truncated or corrupt. Delete it so that it is downloaded again.",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + archive + ": " + e.getMessage(), e);
        }
    }

    private static byte[] entry(ZipFile zip, Path archive, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new DatasetException(archive + " has no entry " + name + "; it is not EMNIST's gzip.zip");
        }
        long size = e.getSize();
        if (size < 0 || size > Integer.MAX_VALUE - 16) {
            throw new DatasetException(
                    archive + "!" + name + " declares an impossible size " + size + "; the archive is corrupt");
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readNBytes((int) size);
            if (b.length != size || in.read() != -1) {
                throw new DatasetException(archive + "!" + name + " does not hold the " + size
                        + " bytes its zip entry declares; the archive is corrupt");
            }
            return b;
        }
    }
}
