package dev.synapse.examples.lightning;

import dev.synapse.analysis.TSNE;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.History;
import dev.synapse.viz.BoxPlot;
import dev.synapse.viz.ImageGrid;
import dev.synapse.viz.LearningCurves;
import dev.synapse.viz.ScatterChart;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The seed's pictures, drawn with module viz and saved as PNG; each prints the file it wrote. */
final class Pictures {
    /** Codes drawn with t-SNE ({@code np.random.choice(len(codes), 1000)}). */
    static final int TSNE_POINTS = 1000;

    private Pictures() {}

    /**
     * The last validation epoch's pictures of {@code model} as {@code TAG.png} in {@code dir}: the grids
     * logged to TensorBoard ({@code make_grid(images[:50], nrow=10, normalize=True)}), drawn twice as large.
     */
    static void grids(AutoencoderModule model, Path dir) {
        for (var e : model.lastPictures().entrySet()) {
            saved(() -> ImageGrid.of(e.getValue())
                    .columns(AutoencoderModule.GRID_COLUMNS)
                    .normalize(true)
                    .scale(2)
                    .title(e.getKey())
                    .save(dir.resolve(e.getKey() + ".png")));
        }
    }

    /** The t-SNE of up to 1000 random codes, one colour per class (the tutorial's scatter loop). */
    static void tsne(AutoencoderModule.Codes codes, Settings s, String title, Path file) {
        int n = codes.labels().length;
        int[] picked = Arrays.copyOf(new Generator(s.seed() + 3).permutation(n), Math.min(TSNE_POINTS, n));
        Tensor x = codes.codes().indexSelect(0, Tensor.of(picked)).to(dev.synapse.tensor.DType.FLOAT64);
        int[] labels = new int[picked.length];
        for (int i = 0; i < picked.length; i++) {
            labels[i] = (int) codes.labels()[picked[i]];
        }
        double[][] z = new TSNE().randomState(s.seed()).fitTransform(rows(x));
        saved(() -> ScatterChart.byClass(title, z, labels).save(file));
    }

    /** One picture, values in [0, 1], drawn 8 times as large. */
    static void image(Tensor image, Path file) {
        saved(() -> ImageGrid.of(image.reshape(1, image.dim(0), image.dim(1)))
                .scale(8)
                .save(file));
    }

    /** Input and reconstruction side by side, each scaled to its own range (as {@code plt.imshow}). */
    static void pair(Tensor in, Tensor out, Path file) {
        Tensor both = Tensor.stack(0, in.reshape(28, 28), out.reshape(28, 28));
        saved(() -> ImageGrid.of(both)
                .columns(2)
                .normalize(true)
                .scaleEach(true)
                .scale(6)
                .captions(List.of("input", "reconstruction"))
                .save(file));
    }

    /** {@code plt.boxplot([norms_fashion, norms_mnist], positions=[0, 1])}. */
    static void boxPlot(double[] fashion, double[] mnist, Path file) {
        saved(() -> new BoxPlot("L2 distance between input and reconstruction")
                .add("Fashion-MNIST", fashion)
                .add("MNIST", mnist)
                .yLabel("L2 distance")
                .save(file));
    }

    /** The curves TensorBoard draws from the logged scalars, one panel each. */
    static void curves(History history, Path file) {
        saved(() -> LearningCurves.of(history).save(file));
    }

    static double[][] rows(Tensor x) {
        double[] v = x.contiguous().toDoubleArray();
        int n = x.dim(0);
        int d = x.dim(1);
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = Arrays.copyOfRange(v, i * d, (i + 1) * d);
        }
        return out;
    }

    /**
     * Draws and saves one picture, printing its file; a machine that cannot draw (no fonts, say) gets a
     * one-line note instead, so that the run's figures are still printed.
     */
    private static void saved(java.util.function.Supplier<Path> draw) {
        try {
            System.out.println("saved " + draw.get());
        } catch (RuntimeException | Error e) {
            System.out.println("could not draw a picture here (" + e + "); the figures are unaffected");
        }
    }
}
