package dev.synapse.datasets;

import java.nio.file.Path;
import java.util.List;

/**
 * Kuzushiji-MNIST (ROIS-CODH): 70,000 grey 28x28 pictures of ten cursive Japanese hiragana, in MNIST's
 * format; {@code torchvision.datasets.KMNIST}. Licensed CC BY-SA 4.0 by its publisher.
 *
 * <p>Checksums: SHA-256s and sizes as listed by TensorFlow Datasets ({@code url_checksums/kmnist.txt});
 * torchvision publishes MD5s for the same files ({@code bdb82020...}, {@code e144d726...},
 * {@code 5c965bf0...}, {@code 7320c461...}), not checked here.
 */
public final class Kmnist {
    /** The class names (romanized hiragana), indexed by label. */
    public static final List<String> CLASSES = List.of("o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo");

    static final MnistFormat FORMAT = new MnistFormat(
            "kmnist",
            List.of("http://codh.rois.ac.jp/kmnist/dataset/kmnist/"),
            List.of(Path.of("data", "KMNIST", "raw")),
            CLASSES,
            List.of(
                    new MnistFormat.FileFacts(
                            "train-images-idx3-ubyte.gz",
                            18165135,
                            "51467d22d8cc72929e2a028a0428f2086b092bb31cfb79c69cc0a90ce135fde4",
                            null),
                    new MnistFormat.FileFacts(
                            "train-labels-idx1-ubyte.gz",
                            29497,
                            "e38f9ebcd0f3ebcdec7fc8eabdcdaef93bb0df8ea12bee65224341c8183d8e17",
                            null),
                    new MnistFormat.FileFacts(
                            "t10k-images-idx3-ubyte.gz",
                            3041136,
                            "edd7a857845ad6bb1d0ba43fe7e794d164fe2dce499a1694695a792adfac43c5",
                            null),
                    new MnistFormat.FileFacts(
                            "t10k-labels-idx1-ubyte.gz",
                            5120,
                            "20bb9a0ef54c7db3efc55a92eef5582c109615df22683c380526788f98e42a1c",
                            null)));

    private Kmnist() {}

    /** The 60,000 training pictures. */
    public static ImageDataset train() {
        return load(Split.TRAIN);
    }

    /** The 10,000 test pictures. */
    public static ImageDataset test() {
        return load(Split.TEST);
    }

    /** One set, through the standard cache and downloader. */
    public static ImageDataset load(Split split) {
        return load(split, Downloader.standard(), Cache.dir(FORMAT.dataset()));
    }

    /** One set, with {@code dir} as the cache folder. */
    public static ImageDataset load(Split split, Downloader downloader, Path dir) {
        return FORMAT.load(split, downloader, dir);
    }

    /** The four files with their URLs and checksums. */
    public static List<RemoteFile> files() {
        return FORMAT.remoteFiles();
    }
}
