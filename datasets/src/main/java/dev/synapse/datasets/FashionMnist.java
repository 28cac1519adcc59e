package dev.synapse.datasets;

import java.nio.file.Path;
import java.util.List;

/**
 * Zalando's Fashion-MNIST: 70,000 grey 28x28 pictures of clothes in 10 classes, 60,000 for training
 * and 10,000 for testing; {@code torchvision.datasets.FashionMNIST} and
 * {@code keras.datasets.fashion_mnist.load_data()}.
 *
 * <pre>{@code
 * ImageDataset train = FashionMnist.train();                       // [28, 28] int32 pixels, int64 labels
 * Dataset ready = train.map(Transforms.compose(Transforms.toTensor(), Transforms.normalize(0.2860, 0.3530)));
 * }</pre>
 *
 * <p>Files come from the cache ({@link Cache}), from Debian's {@code dataset-fashion-mnist} package
 * ({@code /usr/share/datasets/fashion-mnist}), from Keras's cache ({@code ~/.keras/datasets/fashion-mnist}),
 * or are downloaded from Zalando's server, with Keras's and the GitHub repository's copies as mirrors.
 *
 * <p>Checksums: the SHA-256s are those of the gzip files Zalando serves, as listed by TensorFlow
 * Datasets ({@code url_checksums/fashion_mnist.txt}); the files they were checked against here carry the
 * MD5s published in Fashion-MNIST's README. Debian's package recompresses the files, so their gzip
 * bytes differ; their decompressed content is identical to upstream's, and that content's SHA-256
 * (computed from upstream's files) is accepted too.
 */
public final class FashionMnist {
    /** The class names, indexed by label. */
    public static final List<String> CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    static final MnistFormat FORMAT = new MnistFormat(
            "fashion-mnist",
            List.of(
                    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                    "https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
                    "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/"),
            List.of(
                    Path.of("/usr/share/datasets/fashion-mnist"),
                    MnistFormat.home(".keras", "datasets", "fashion-mnist")),
            CLASSES,
            List.of(
                    new MnistFormat.FileFacts(
                            "train-images-idx3-ubyte.gz",
                            26421880,
                            "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
                            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
                    new MnistFormat.FileFacts(
                            "train-labels-idx1-ubyte.gz",
                            29515,
                            "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
                            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
                    new MnistFormat.FileFacts(
                            "t10k-images-idx3-ubyte.gz",
                            4422102,
                            "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
                            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
                    new MnistFormat.FileFacts(
                            "t10k-labels-idx1-ubyte.gz",
                            5148,
                            "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
                            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34")));

    private FashionMnist() {}

    /** The 60,000 training pictures ({@code FashionMNIST(train=True)}). */
    public static ImageDataset train() {
        return load(Split.TRAIN);
    }

    /** The 10,000 test pictures ({@code FashionMNIST(train=False)}). */
    public static ImageDataset test() {
        return load(Split.TEST);
    }

    /** Both sets ({@code fashion_mnist.load_data()}). */
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
