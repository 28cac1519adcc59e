package dev.synapse.examples.letters;

import dev.synapse.examples.letters.LettersData.Images;
import dev.synapse.nn.Model;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import dev.synapse.viz.HistogramChart;
import dev.synapse.viz.ImageGrid;
import dev.synapse.viz.PlotModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The pictures and model files of seed 000's programs: each call writes one file and returns its path. */
final class LettersFiles {
    private LettersFiles() {}

    static void makeFolder(Path out) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output folder " + out + ": " + e.getMessage(), e);
        }
    }

    /** {@code plot_samples(data)}: nine pictures drawn at random, in a 3x3 grid, captioned with their class. */
    static Path samples(Images images, Path file, long seed) {
        Generator g = new Generator(seed);
        int[] idx = new int[9];
        List<String> captions = new ArrayList<>();
        long[] labels = images.y().toLongArray();
        for (int i = 0; i < idx.length; i++) {
            idx[i] = g.nextInt(images.size());
            captions.add(images.classes().get((int) labels[idx[i]]));
        }
        Tensor picked = images.x().indexSelect(0, Tensor.of(idx));
        return ImageGrid.of(picked)
                .columns(3)
                .scale(4)
                .captions(captions)
                .title(images.name())
                .save(file);
    }

    /** {@code hist(labels, bins=len(unique(labels)))}: pictures per class. */
    static Path histogram(Images images, Path file) {
        return HistogramChart.ofLabels(images.name() + ": pictures per class", images.y())
                .save(file);
    }

    /** {@code plot_model(model, show_shapes=True)}. */
    static Path plotModel(Model model, Path file) {
        return PlotModel.of(model).save(file);
    }

    /** {@code model.save(file)}: architecture, weights, compile settings and optimizer state in one file. */
    static Path save(Model model, Path file) {
        try {
            model.save(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("saving " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code load_model(file)}. */
    static Model load(Path file) {
        try {
            return Model.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException("loading " + file + ": " + e.getMessage(), e);
        }
    }

    /** Originals over the pictures made from them, {@code n} columns: the tutorial's {@code subplots(2, n)}. */
    static Path originalsOverSynthetic(Tensor originals, Tensor synthetic, String title, Path file) {
        return ImageGrid.of(Tensor.concat(0, originals, synthetic))
                .columns(originals.dim(0))
                .scale(4)
                .title(title)
                .save(file);
    }

    /** Generated pictures, each scaled to its own range as {@code imshow} does. */
    static Path generated(Tensor pictures, int columns, String title, Path file) {
        return ImageGrid.of(pictures)
                .columns(columns)
                .scale(3)
                .normalize(true)
                .scaleEach(true)
                .title(title)
                .save(file);
    }
}
