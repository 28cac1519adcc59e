package dev.synapse.interop.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.io.CorruptFileException;
import dev.synapse.nn.Model;
import dev.synapse.nn.Weight;
import dev.synapse.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tutorials' Keras models saved by Keras 3.15 (make_fixtures.py beside the fixtures) load with Keras's
 * weights and give Keras's predictions, in both formats, and survive a save and load through Synapse.
 */
class KerasFilesTest {
    /**
     * float32 outputs after at most a few hundred float32 multiply-adds per value, summed in another order
     * than TensorFlow's: about 1e-6 relative; a wrong weight layout or activation is off by far more.
     */
    private static final double TOLERANCE = 2e-5;

    @TempDir
    Path dir;

    static List<String> fixtures() {
        return List.of(
                "seed000_conv.keras",
                "seed000_conv.h5",
                "seed000_generator.keras",
                "seed000_generator.h5",
                "seed000_discriminator.keras",
                "seed000_discriminator.h5",
                "seed001_mlp.keras",
                "seed001_mlp.h5",
                "seed002_cnn.keras",
                "seed002_cnn.h5",
                "seed003_sequential.keras",
                "seed003_sequential.h5",
                "seed003_stack.keras",
                "seed003_stack.h5",
                "seed000_gan.keras",
                "seed000_gan.h5",
                "seed000_autoencoder.keras",
                "seed000_autoencoder.h5",
                "rescaling_arrays.keras",
                "rescaling_arrays.h5");
    }

    /** Copies a fixture out of the class path into a file. */
    static Path fixture(Path dir, String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = Objects.requireNonNull(KerasFilesTest.class.getResourceAsStream(name), name)) {
            Files.copy(in, p);
        }
        return p;
    }

    /** The fixed input and Keras's output: int32 rank, int32 dims, float32 values, twice (little-endian). */
    static Tensor[] io(String model) throws IOException {
        return tensors(model + ".io.bin", 2);
    }

    /**
     * The first {@code count} tensors of a fixture resource beside these tests, each as int32 rank, int32 dims and
     * float32 values, little-endian.
     */
    static Tensor[] tensors(String resource, int count) throws IOException {
        byte[] bytes;
        try (InputStream in = Objects.requireNonNull(KerasFilesTest.class.getResourceAsStream(resource))) {
            bytes = in.readAllBytes();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Tensor[] out = new Tensor[count];
        for (int k = 0; k < count; k++) {
            int[] dims = new int[b.getInt()];
            int n = 1;
            for (int i = 0; i < dims.length; i++) {
                dims[i] = b.getInt();
                n *= dims[i];
            }
            float[] v = new float[n];
            b.asFloatBuffer().get(v);
            b.position(b.position() + 4 * n);
            out[k] = Tensor.wrap(v, dims);
        }
        return out;
    }

    static double maxRelativeDifference(Tensor got, Tensor expected) {
        assertArrayEquals(expected.dims(), got.dims(), "output shape");
        float[] a = got.toFloatArray();
        float[] e = expected.toFloatArray();
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - e[i]) / Math.max(1.0, Math.abs(e[i])));
        }
        return worst;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void givesKerasPredictions(String file) throws IOException {
        Model model = KerasFiles.load(fixture(dir, file));
        String name = file.substring(0, file.lastIndexOf('.'));
        Tensor[] io = io(name);
        double diff = maxRelativeDifference(model.apply(io[0]), io[1]);
        System.out.printf("KerasFilesTest: %s largest difference %.3g%n", file, diff);
        assertTrue(diff <= TOLERANCE, file + ": largest difference " + diff);
    }

    /** Seed 000's GAN: a Sequential generator and a frozen functional discriminator, called as layers. */
    @ParameterizedTest
    @MethodSource("ganFixtures")
    void nestedModelsKeepTheirLayersAndFrozenFlag(String file) throws IOException {
        Model gan = KerasFiles.load(fixture(dir, file));
        Model generator = (Model) gan.getLayer("generator");
        Model discriminator = (Model) gan.getLayer("discriminator");
        assertTrue(generator instanceof dev.synapse.nn.Sequential, generator.className());
        assertEquals(8, generator.layers().size(), generator.layers().toString());
        assertTrue(!discriminator.isTrainable() && generator.isTrainable());
        // Dense kernel, two BatchNormalizations' gamma and beta, two transposed kernels.
        assertEquals(7, gan.trainableWeights().size());
        assertEquals(4 + 4, gan.nonTrainableWeights().size());
        assertTrue(discriminator.layers().stream().anyMatch(l -> l instanceof dev.synapse.nn.layers.Rescaling));
    }

    static List<String> ganFixtures() {
        return List.of("seed000_gan.keras", "seed000_gan.h5");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void savedBySynapseLoadsBackEqual(String file) throws IOException {
        Model model = KerasFiles.load(fixture(dir, file));
        Path saved = dir.resolve("again.keras");
        KerasFiles.save(model, saved);
        // With -Dsynapse.keras.dump=DIR the file is kept as DIR/<fixture>_<ext>.keras, for check_with_keras.py.
        String dump = System.getProperty("synapse.keras.dump");
        if (dump != null) {
            Files.createDirectories(Path.of(dump));
            Files.copy(
                    saved,
                    Path.of(dump, file.replace('.', '_') + ".keras"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Model again = KerasFiles.load(saved);
        assertEquals(model.trainableWeights().size(), again.trainableWeights().size(), "frozen layers stay frozen");
        List<Weight> a = model.weights();
        List<Weight> b = again.weights();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(
                    a.get(i).value().toFloatArray(),
                    b.get(i).value().toFloatArray(),
                    a.get(i).path());
        }
        Tensor x = io(file.substring(0, file.lastIndexOf('.')))[0];
        assertArrayEquals(model.apply(x).toFloatArray(), again.apply(x).toFloatArray());
    }

    /** Synapse writes each layer's weights where Keras wrote them, so Keras's loader finds them. */
    @ParameterizedTest
    @MethodSource("kerasFixtures")
    void writesWeightsWhereKerasDoes(String file) throws IOException {
        Path original = fixture(dir, file);
        Path saved = dir.resolve("synapse.keras");
        KerasFiles.save(KerasFiles.load(original), saved);
        try (HdfFile keras = HdfFile.fromBytes(KerasZip.read(original, file).get(KerasFiles.WEIGHTS));
                HdfFile ours = HdfFile.fromBytes(KerasZip.read(saved, "saved").get(KerasFiles.WEIGHTS))) {
            int compared = 0;
            for (String path : layerPaths((Group) keras.getChild("layers"), "")) {
                List<Tensor> expected = Hdf5Weights.kerasVars(keras, path, Long.MAX_VALUE);
                List<Tensor> got = Hdf5Weights.kerasVars(ours, path, Long.MAX_VALUE);
                assertEquals(expected.size(), got.size(), path);
                for (int i = 0; i < expected.size(); i++) {
                    assertArrayEquals(expected.get(i).dims(), got.get(i).dims(), path + "/vars/" + i);
                    assertArrayEquals(expected.get(i).toFloatArray(), got.get(i).toFloatArray(), path + "/vars/" + i);
                    compared++;
                }
            }
            assertTrue(compared > 0, "no weights compared");
        }
    }

    /** The groups of every layer under {@code layers}, nested models' layers under their {@code layers} group. */
    private static List<String> layerPaths(Group layers, String prefix) {
        List<String> out = new java.util.ArrayList<>();
        for (var e : layers.getChildren().entrySet()) {
            out.add(prefix + e.getKey());
            if (e.getValue() instanceof Group g && g.getChildren().get("layers") instanceof Group inner) {
                out.addAll(layerPaths(inner, prefix + e.getKey() + "/layers/"));
            }
        }
        return out;
    }

    static List<String> kerasFixtures() {
        return fixtures().stream().filter(f -> f.endsWith(".keras")).toList();
    }

    @Test
    void synapsesOwnLayerArgumentsAreLeftOutOrRefusedWhenSavingForKeras() throws IOException {
        Path saved = dir.resolve("pool.keras");
        KerasFiles.save(
                new dev.synapse.nn.Sequential(
                        dev.synapse.nn.Input.of(6, 6, 2), new dev.synapse.nn.layers.AveragePooling2D(2)),
                saved);
        String config;
        try (var zip = new java.util.zip.ZipFile(saved.toFile())) {
            config = new String(
                    zip.getInputStream(zip.getEntry("config.json")).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
        assertTrue(
                config.contains("AveragePooling2D")
                        && !config.contains("count_include_pad")
                        && !config.contains("ceil_mode"),
                config);
        var ceil = new dev.synapse.nn.Sequential(
                dev.synapse.nn.Input.of(5, 5, 2), new dev.synapse.nn.layers.MaxPooling2D(2).withCeilMode(true));
        var refused =
                assertThrows(IllegalArgumentException.class, () -> KerasFiles.save(ceil, dir.resolve("ceil.keras")));
        assertTrue(refused.getMessage().contains("ceil_mode"), refused.getMessage());
        var corners = new dev.synapse.nn.Sequential(
                dev.synapse.nn.Input.of(3, 3, 2),
                new dev.synapse.nn.layers.UpSampling2D(new int[] {2, 2}, "bilinear").withAlignCorners(true));
        var aligned = assertThrows(
                IllegalArgumentException.class, () -> KerasFiles.save(corners, dir.resolve("corners.keras")));
        assertTrue(aligned.getMessage().contains("align_corners"), aligned.getMessage());

        var padded = new dev.synapse.nn.Sequential(
                dev.synapse.nn.Input.of(6, 6, 2),
                dev.synapse.nn.layers.Conv2D.builder(3, 3).padding(1).build());
        var e = assertThrows(
                IllegalArgumentException.class, () -> KerasFiles.save(padded, dir.resolve("padded.keras")));
        assertTrue(e.getMessage().contains("explicit padding"), e.getMessage());

        var a = dev.synapse.nn.Input.of(3);
        var b = dev.synapse.nn.Input.of(3);
        var quotient = new Model(List.of(a, b), new dev.synapse.nn.layers.Divide().apply(a, b));
        var divide = assertThrows(
                IllegalArgumentException.class, () -> KerasFiles.save(quotient, dir.resolve("divide.keras")));
        assertTrue(
                divide.getMessage().contains("Divide") && divide.getMessage().contains("no Keras layer"),
                divide.getMessage());
    }

    @Test
    void lambdaIsRefused() throws IOException {
        Path p = fixture(dir, "lambda.keras");
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> KerasFiles.load(p));
        assertTrue(e.getMessage().contains("Lambda") && e.getMessage().contains(p.toString()), e.getMessage());
    }

    @Test
    void otherFilesAreRefused() throws IOException {
        Path p = dir.resolve("notes.keras");
        Files.writeString(p, "not a model");
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> KerasFiles.load(p));
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
    }
}
