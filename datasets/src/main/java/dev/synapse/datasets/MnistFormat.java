package dev.synapse.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One dataset published as the four MNIST-style IDX gzip files ({@code train-images-idx3-ubyte.gz},
 * {@code train-labels-idx1-ubyte.gz}, {@code t10k-...}): MNIST, Fashion-MNIST and KMNIST differ only
 * in these facts.
 */
record MnistFormat(
        String dataset, List<String> baseUrls, List<Path> installedDirs, List<String> classes, List<FileFacts> files) {

    /** Size and checksums of one of the four files. */
    record FileFacts(String name, long size, String sha256, String contentSha256) {
        /**
         * The decompressed size, the same in the whole family: an IDX header (16 bytes for pictures, 8
         * for labels), then 60,000 (train) or 10,000 (t10k) pictures of 28x28 bytes or one-byte labels.
         */
        long contentSize() {
            long count = name.startsWith("train") ? 60_000 : 10_000;
            return name.contains("-images-") ? 16 + count * 28 * 28 : 8 + count;
        }
    }

    List<RemoteFile> remoteFiles() {
        List<RemoteFile> out = new ArrayList<>();
        for (FileFacts f : files) {
            out.add(RemoteFile.of(
                    dataset,
                    f.name(),
                    baseUrls,
                    f.size(),
                    f.sha256(),
                    f.contentSha256(),
                    f.contentSize(),
                    installedDirs));
        }
        return out;
    }

    RemoteFile remoteFile(String name) {
        return remoteFiles().stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(dataset + " has no file " + name));
    }

    ImageDataset load(Split split, Downloader downloader, Path dir) {
        String prefix = split == Split.TRAIN ? "train" : "t10k";
        Path images = downloader.fetch(remoteFile(prefix + "-images-idx3-ubyte.gz"), dir);
        Path labels = downloader.fetch(remoteFile(prefix + "-labels-idx1-ubyte.gz"), dir);
        return IdxImages.load(
                dataset + "/" + split.name().toLowerCase(java.util.Locale.ROOT), images, labels, classes, 0);
    }

    static Path home(String... more) {
        return Path.of(System.getProperty("user.home"), more);
    }
}
