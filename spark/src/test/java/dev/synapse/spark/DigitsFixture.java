package dev.synapse.spark;

import dev.synapse.Synapse;
import dev.synapse.datasets.Digits;
import dev.synapse.nn.Input;
import dev.synapse.nn.Model;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.layers.Conv2D;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Flatten;
import dev.synapse.optim.Adam;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.keras.Fit;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * scikit-learn's digits (shipped with synapse-datasets) and a small CNN trained on them for one epoch: the model
 * and rows the Spark tests score, with the outputs {@code Model.predict} gives for the same rows on the driver.
 */
final class DigitsFixture {
    static final int ROWS = 300;
    static final int PIXELS = 64;

    /** id (long), features (array<float>), vector (ml Vector), image (8x8 grey PNG bytes, pixel = digit value). */
    static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.LongType, false)
            .add("features", DataTypes.createArrayType(DataTypes.FloatType, true), true)
            .add("vector", SQLDataTypes.VectorType(), true)
            .add("image", DataTypes.BinaryType, true);

    final Path modelFile;
    final float[] pixels;
    final float[] expected;
    final int classes;

    private DigitsFixture(Path modelFile, float[] pixels, float[] expected, int classes) {
        this.modelFile = modelFile;
        this.pixels = pixels;
        this.expected = expected;
        this.classes = classes;
    }

    /** Trains and saves the model under {@code dir}; the expected outputs are {@code predict} in batches of 32. */
    static DigitsFixture create(Path dir) throws IOException {
        Synapse.setSeed(7);
        Digits digits = Digits.load();
        Tensor x = digits.data().reshape(-1, 8, 8, 1);
        SymbolicTensor input = Input.named("digit", 8, 8, 1);
        SymbolicTensor h = Conv2D.builder(4, 3, 3)
                .activation("relu")
                .padding("same")
                .build()
                .apply(input);
        h = new Flatten().apply(h);
        SymbolicTensor out = new Dense(10, "softmax").apply(h);
        Model model = new Model(input, out);
        model.compile(new Adam(0.01), "sparse_categorical_crossentropy", "accuracy");
        model.fit(x, digits.target(), Fit.batchSize(64).epochs(1).verbose(0));
        Path file = dir.resolve("digits-cnn.synapse");
        model.save(file);
        float[] pixels = Arrays.copyOf(digits.data().toFloatArray(), ROWS * PIXELS);
        float[] expected =
                model.predict(Tensor.wrap(pixels.clone(), ROWS, 8, 8, 1), 32).toFloatArray();
        return new DigitsFixture(file, pixels, expected, 10);
    }

    /** Pixels of row {@code r}. */
    float[] row(int r) {
        return Arrays.copyOfRange(pixels, r * PIXELS, (r + 1) * PIXELS);
    }

    /** The model's outputs for row {@code r}, as {@code predict} gave them on the driver. */
    float[] expected(int r) {
        return Arrays.copyOfRange(expected, r * classes, (r + 1) * classes);
    }

    /**
     * Checks row {@code r}'s outputs against {@code predict}'s, bit for bit. The executor JVMs run the same kernels on
     * the same inputs, and the kernels sum in one fixed order however far the JIT has compiled them (Lanes.sum), so
     * neither a fresh JVM nor another batch size may change a bit; a wrong row, order or reshape differs in the
     * leading digits.
     */
    void assertOutputs(int r, float[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected(r), actual, "outputs of row " + r);
    }

    /** The index of row {@code r}'s largest output. */
    double expectedClass(int r) {
        return PartitionPredictor.argmax(expected, r * classes, classes);
    }

    /** The rows as a table of {@link #SCHEMA}. */
    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            float[] p = row(r);
            double[] d = new double[PIXELS];
            for (int i = 0; i < PIXELS; i++) {
                d[i] = p[i];
            }
            rows.add(RowFactory.create((long) r, p, Vectors.dense(d), png(p, 8, 8)));
        }
        return rows;
    }

    /** A grey PNG of {@code width x height} whose pixel values are {@code values} (whole numbers 0..255). */
    static byte[] png(float[] values, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                img.getRaster().setSample(x, y, 0, Math.round(values[y * width + x]));
            }
        }
        return encode(img, "png");
    }

    static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no " + format + " writer");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
