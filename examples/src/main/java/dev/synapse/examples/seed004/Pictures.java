package dev.synapse.examples.seed004;

import java.nio.file.Path;

/** The seed's pictures, drawn by module viz (TEMPORARY stubs until viz and analysis land on main). */
final class Pictures {
    private Pictures() {
    }

    /** Saves the last validation epoch's grids of {@code model} as {@code TAG.png} in {@code dir}. */
    static void grids(AutoencoderModule model, Path dir) {
    }

    /** t-SNE of 1000 random codes, coloured by class. */
    static void tsne(AutoencoderModule.Codes codes, Settings s, String title, Path file) {
    }

    /** One picture, values in [0, 1]. */
    static void image(dev.synapse.tensor.Tensor image, Path file) {
    }

    /** Input and reconstruction side by side. */
    static void pair(dev.synapse.tensor.Tensor in, dev.synapse.tensor.Tensor out, Path file) {
    }

    /** {@code plt.boxplot([norms_fashion, norms_mnist], positions=[0, 1])}. */
    static void boxPlot(double[] fashion, double[] mnist, Path file) {
    }
}
