package dev.synapse.io.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.io.CorruptFileException;
import dev.synapse.io.IoAssertions;
import dev.synapse.io.Json;
import dev.synapse.io.ModelArchive;
import dev.synapse.nn.Input;
import dev.synapse.nn.Layer;
import dev.synapse.nn.LayerRegistry;
import dev.synapse.nn.Model;
import dev.synapse.nn.Names;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.initializers.Initializers;
import dev.synapse.nn.layers.*;
import dev.synapse.nn.regularizers.Regularizers;
import dev.synapse.optim.Adam;
import dev.synapse.optim.Optimizer;
import dev.synapse.optim.RMSprop;
import dev.synapse.optim.SGD;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        Names.clearSession();
        Synapse.setSeed(1102);
    }

    private Model roundTrip(Model m) throws IOException {
        Path f = dir.resolve(m.name() + ".synapse");
        m.save(f);
        Model back = Model.load(f);
        assertEquals(Json.write(LayerRegistry.serialize(m)), Json.write(LayerRegistry.serialize(back)), "config");
        assertEquals(m.stateDict().keySet(), back.stateDict().keySet());
        return back;
    }

    @Test
    void sequentialWithCompileSettingsAndOptimizerState() throws IOException {
        var m = new Sequential(
                Input.of(4), new Dense(8, "relu"), new BatchNormalization(), new Dropout(0.2), new Dense(3, "softmax"));
        m.compile(new Adam(0.01), "sparse_categorical_crossentropy", "accuracy");
        Tensor x = Tensor.randn(16, 4);
        Tensor y = Tensor.of(new long[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0});
        m.trainOnBatch(x, y);
        m.trainOnBatch(x, y);
        Model back = roundTrip(m);
        IoAssertions.assertSameBits(m.predict(x), back.predict(x));
        assertNotNull(back.compiled());
        assertInstanceOf(Adam.class, back.compiled().optimizer());
        assertEquals(2, back.compiled().optimizer().iterations());
        assertEquals("accuracy", back.compiled().metrics().get(0).name());
        // Training continues identically: same slots, same step count, same dropout draws.
        // Dropout draws from the generator of the device the model runs on.
        var generator = dev.synapse.tensor.Generator.defaultFor(dev.synapse.tensor.Device.getDefault());
        long[] state = generator.getState();
        m.trainOnBatch(x, y);
        generator.setState(state);
        back.trainOnBatch(x, y);
        IoAssertions.assertSameBits(m.predict(x), back.predict(x));
    }

    /**
     * An archive of a model trained two steps with Adam, its optimizer metadata entry {@code key} set to {@code value}.
     */
    private ModelArchive withOptimizerMetadata(String key, String value) {
        var m = new Sequential(Input.of(3), new Dense(2));
        m.compile(new Adam(0.01), "mse");
        m.trainOnBatch(Tensor.randn(4, 3), Tensor.randn(4, 2));
        ModelArchive a =
                ModelFiles.archive(m, m.compiled().optimizer(), m.compiled().loss(), List.of(), true);
        Map<String, String> meta = new java.util.LinkedHashMap<>(a.optimizerMetadata());
        meta.put(key, value);
        return a.optimizer(a.optimizerSlots(), meta);
    }

    @Test
    void implausibleOptimizerCountsAndRatesInAFileAreCorruptFiles() {
        String[][] cases = {
            {"iterations", "-1"},
            {"iterations", "NaN"},
            {"iterations", "1.5"},
            {"learning_rate", "NaN"},
            {"learning_rate", "-0.01"},
            {"learning_rate", "Infinity"},
            {"learning_rate", "1e400"}
        };
        for (String[] c : cases) {
            ModelArchive a = withOptimizerMetadata(c[0], c[1]);
            var e = assertThrows(CorruptFileException.class, () -> ModelFiles.load(a, "m.synapse"), c[0] + "=" + c[1]);
            assertTrue(
                    e.getMessage().startsWith("m.synapse!")
                            && e.getMessage().contains("'" + c[0] + "'")
                            && e.getMessage().contains(c[1]),
                    e.getMessage());
        }
    }

    @Test
    void restoringOptimizerStateFromAFileThatHasNoneIsACorruptFile() throws IOException {
        var m = new Sequential(Input.of(3), new Dense(2));
        ModelArchive a = ModelFiles.archive(m, null, null, List.of(), false);
        Adam live = new Adam(0.01);
        var e = assertThrows(
                CorruptFileException.class,
                () -> ModelFiles.restoreOptimizer(a, live, m.trainableVariables(), m.stateDict(), "model.synapse"));
        assertTrue(
                e.getMessage().startsWith("model.synapse!") && e.getMessage().contains("no optimizer state"),
                e.getMessage());
        assertEquals(0, live.iterations());
    }

    @Test
    void anIterationCountTheScheduleCannotServeIsACorruptFileAndChangesNothing() throws IOException {
        var m = new Sequential(Input.of(3), new Dense(2));
        Adam adam = new Adam(0.01);
        m.compile(adam, "mse");
        m.trainOnBatch(Tensor.randn(4, 3), Tensor.randn(4, 2));
        ModelArchive a = ModelFiles.archive(m, adam, m.compiled().loss(), List.of(), true);
        Map<String, String> meta = new java.util.LinkedHashMap<>(a.optimizerMetadata());
        meta.put("iterations", Long.toString(Long.MAX_VALUE));
        a.optimizer(a.optimizerSlots(), meta);
        // A growing schedule overflows to an infinite rate at that step.
        Adam live = new Adam(0.01);
        live.setLearningRate(dev.synapse.optim.LearningRateSchedule.exponentialDecay(0.01, 1, 2.0, true));
        var e = assertThrows(
                CorruptFileException.class,
                () -> ModelFiles.restoreOptimizer(a, live, m.trainableVariables(), m.stateDict(), "ckpt.synapse"));
        assertTrue(
                e.getMessage().startsWith("ckpt.synapse!")
                        && e.getMessage().contains("'iterations'")
                        && e.getMessage().contains(Long.toString(Long.MAX_VALUE)),
                e.getMessage());
        assertEquals(0, live.iterations());
        assertTrue(live.state(m.trainableVariables()).isEmpty());
    }

    @Test
    void savingWithoutTheOptimizerStillCompiles() throws IOException {
        var m = new Sequential(Input.of(3), new Dense(2));
        m.compile(new SGD(0.1, 0.9, true), "mse");
        m.trainOnBatch(Tensor.randn(4, 3), Tensor.randn(4, 2));
        Path f = dir.resolve("no-opt.synapse");
        m.save(f, false);
        Model back = Model.load(f);
        SGD sgd = assertInstanceOf(SGD.class, back.compiled().optimizer());
        assertEquals(new SGD.Options(0.1, 0.9, true), sgd.options());
        assertEquals(0, sgd.iterations());
        assertNull(ModelArchive.read(f).optimizerSlots());
    }

    @Test
    void uncompiledModelLoadsUncompiled() throws IOException {
        var m = new Sequential(Input.of(3), new Dense(2));
        assertNull(roundTrip(m).compiled());
    }

    @Test
    void optimizerSettingsRoundTrip() throws CorruptFileException {
        List<Optimizer> all = List.of(
                new SGD(0.2, 0.5, false),
                new Adam(new Adam.Options(0.003, 0.8, 0.99, 1e-6, true)),
                new dev.synapse.optim.AdamW(0.01, 0.02),
                new RMSprop(new RMSprop.Options(0.01, 0.8, 0.1, 1e-6, true)),
                new dev.synapse.optim.Nadam(0.004),
                new dev.synapse.optim.Adagrad(0.3),
                new dev.synapse.optim.Adadelta(0.7),
                new Adam(Adam.Options.torchDefaults()),
                new RMSprop(RMSprop.Options.torchDefaults()),
                new dev.synapse.optim.Adagrad(dev.synapse.optim.Adagrad.Options.torchDefaults()));
        for (Optimizer o : all) {
            o.withCommon(new Optimizer.Common(1.5, 0, 0, o.common().weightDecay()));
            Map<String, Object> json = CompileConfigs.optimizer(o);
            Optimizer back = CompileConfigs.optimizer(Json.parseObject(Json.write(json)), "test");
            assertEquals(o.getClass(), back.getClass());
            assertEquals(json, CompileConfigs.optimizer(back));
        }
    }

    @Test
    void optimizerSettingsWrittenBeforeTheEpsilonPlacementLoadWithKerasPlacement() throws CorruptFileException {
        Map<String, Object> json = CompileConfigs.optimizer(new Adam(Adam.Options.torchDefaults()));
        @SuppressWarnings("unchecked") // the config part is a JSON object
        Map<String, Object> config = (Map<String, Object>) json.get("config");
        assertEquals(true, config.remove("torchEpsilon"));
        Adam back = (Adam) CompileConfigs.optimizer(Json.parseObject(Json.write(json)), "old");
        assertEquals(false, back.options().torchEpsilon());
        assertEquals(1e-8, back.options().epsilon());
    }

    /** Seed 000's multi-branch model: convolutions, batch norm, dropout, augmentation, concatenation. */
    static Model seed000ConvModel() {
        var in = Input.of(28, 28);
        var reshaped = new Reshape(28, 28, 1).apply(in);
        var c1 = new Conv2D(32, 3).apply(reshaped);
        c1 = new LeakyReLU().apply(new BatchNormalization().apply(c1));
        c1 = new Dense(32, Activation.SIGMOID).apply(new Flatten().apply(new MaxPooling2D().apply(c1)));
        var drop = new Dropout(0.05).apply(reshaped);
        var rot = new RandomRotation(-0.05, 0.05, FillOptions.DEFAULT).apply(drop);
        var tr = new RandomTranslation(new double[] {-0.05, 0.05}, new double[] {-0.05, 0.05}, FillOptions.DEFAULT)
                .apply(rot);
        var c2 = new LeakyReLU().apply(new BatchNormalization().apply(new Conv2D(32, 5).apply(tr)));
        c2 = new Dense(32, Activation.SIGMOID).apply(new Flatten().apply(new MaxPooling2D().apply(c2)));
        var fc = new Dense(32, Activation.SIGMOID)
                .apply(new Dense(64, Activation.SIGMOID).apply(new Flatten().apply(reshaped)));
        var latent = new Concatenate().named("model_conv_latent").apply(c1, c2, fc);
        var x = new LeakyReLU().apply(new Dense(64, Activation.LINEAR).apply(latent));
        return new Model(in, new Dense(26, Activation.SOFTMAX).apply(x));
    }

    @Test
    void seed000MultiBranchConvModel() throws IOException {
        Model m = seed000ConvModel();
        m.compile(new Adam(), "sparse_categorical_crossentropy", "accuracy");
        Tensor x = Tensor.rand(6, 28, 28);
        m.trainOnBatch(x, Tensor.of(new long[] {0, 3, 5, 7, 25, 1})); // moves the batch-norm statistics
        Model back = roundTrip(m);
        IoAssertions.assertSameBits(m.predict(x), back.predict(x));
        assertEquals(m.countParams(), back.countParams());
        assertEquals(
                128,
                back.nonTrainableWeights().stream().mapToLong(w -> w.size()).sum());
    }

    /** Seed 000 builds a new head on a loaded model's latent layer: new automatic names must not repeat loaded ones. */
    @Test
    void layersAddedToALoadedModelGetFreshNames() throws IOException {
        new Dense(1);
        new Dense(1); // as seed 000's dummy model: the conv model's are dense_2 to dense_7
        Model m = seed000ConvModel();
        Path file = dir.resolve("conv.synapse");
        m.save(file);
        Names.clearSession(); // a new program: the counters start again
        Model back = Model.load(file);
        assertEquals("dense_7", back.getLayer(back.layers().size() - 1).name());
        new Dense(1);
        new Dense(1); // the new program's own dummy model
        SymbolicTensor latent = back.getLayer("model_conv_latent").output();
        Dense hidden = new Dense(64, "relu");
        Model transfer = new Model(back.inputs().get(0), new Dense(10, "softmax").apply(hidden.apply(latent)));
        assertEquals("dense_10", hidden.name(), "after the loaded dense_7 and two more");
        assertArrayEquals(
                new int[] {3, 10}, transfer.predict(Tensor.rand(3, 28, 28)).dims());
    }

    @Test
    void nestedModelsAndFrozenLayers() throws IOException {
        var in = Input.of(12);
        var encoder = new Model(in, new Dense(4, "tanh").apply(new Dense(8, "relu").apply(in)), "encoder");
        var decIn = Input.of(4);
        var decoder = new Model(decIn, new Dense(12, "sigmoid").apply(decIn), "decoder");
        var ae = new Sequential(encoder, decoder).named("autoencoder");
        encoder.setTrainable(false);
        Tensor x = Tensor.rand(5, 12);
        Model back = roundTrip(ae);
        IoAssertions.assertSameBits(ae.apply(x), back.apply(x));
        assertTrue(
                back.stateDict().containsKey("encoder.dense.kernel"),
                back.stateDict().keySet().toString());
        assertEquals(ae.trainableWeights().size(), back.trainableWeights().size());
        assertEquals(2, back.trainableWeights().size());
    }

    /** Every layer of the layers issue, each inside a small model, saved and loaded. */
    @Test
    void everyLayerRoundTrips() throws IOException {
        Lambda.register("double_it", xs -> xs.get(0).mul(2));
        List<Object[]> cases = new ArrayList<>();
        int[] vec = {6};
        int[] img = {8, 8, 3};
        int[] seq = {10, 4};
        cases.add(new Object[] {
            Dense.builder(4)
                    .activation("relu")
                    .kernelRegularizer(Regularizers.l2(0.1))
                    .build(),
            vec
        });
        cases.add(new Object[] {new Activation("gelu"), vec});
        cases.add(new Object[] {new ReLU(6, 0.1, 0.5), vec});
        cases.add(new Object[] {new LeakyReLU(0.2), vec});
        cases.add(new Object[] {new Softmax(1), seq});
        cases.add(new Object[] {new Flatten(), img});
        cases.add(new Object[] {new Reshape(2, -1), vec});
        cases.add(new Object[] {new Permute(2, 1), seq});
        cases.add(new Object[] {new RepeatVector(3), vec});
        cases.add(new Object[] {new Dropout(0.3, new int[] {-1, 1}, 4L), vec});
        cases.add(new Object[] {new GaussianNoise(0.1, 2L), vec});
        cases.add(new Object[] {
            Conv2D.builder(8, 3, 5)
                    .strides(2)
                    .padding("same")
                    .activation("tanh")
                    .kernelInitializer(Initializers.heNormal())
                    .build(),
            img
        });
        cases.add(
                new Object[] {Conv1D.builder(4, 3).padding("causal").dilation(2).build(), seq});
        cases.add(new Object[] {
            Conv2DTranspose.builder(3, 5)
                    .strides(2)
                    .padding("same")
                    .outputPadding(1)
                    .useBias(false)
                    .build(),
            img
        });
        cases.add(new Object[] {new MaxPooling2D(new int[] {3}, new int[] {2}, "same"), img});
        cases.add(new Object[] {new AveragePooling2D(), img});
        cases.add(new Object[] {new MaxPooling1D(3, 1, "valid"), seq});
        cases.add(new Object[] {new AveragePooling1D(), seq});
        cases.add(new Object[] {new GlobalAveragePooling2D(true), img});
        cases.add(new Object[] {new GlobalMaxPooling2D(), img});
        cases.add(new Object[] {new GlobalAveragePooling1D(), seq});
        cases.add(new Object[] {new GlobalMaxPooling1D(true), seq});
        cases.add(new Object[] {new UpSampling2D(new int[] {2, 3}, "bilinear"), img});
        cases.add(new Object[] {new ZeroPadding2D(1, 2, 3, 4), img});
        cases.add(new Object[] {new Cropping2D(1, 0, 2, 3), img});
        cases.add(new Object[] {new BatchNormalization(-1, 0.9, 1e-5, true, true), img});
        cases.add(new Object[] {new LayerNormalization(1e-6, true, false), seq});
        cases.add(new Object[] {new RandomFlip("horizontal", 9L), img});
        cases.add(new Object[] {new RandomRotation(-0.1, 0.2, FillOptions.DEFAULT.withFillMode("constant")), img});
        cases.add(new Object[] {new RandomTranslation(0.1, 0.2), img});
        cases.add(new Object[] {
            new RandomZoom(new double[] {-0.2, 0.1}, new double[] {0, 0.3}, FillOptions.DEFAULT), img
        });
        cases.add(new Object[] {new Lambda("double_it", t -> t.mul(2)), vec});
        for (Object[] c : cases) {
            Layer layer = (Layer) c[0];
            int[] shape = (int[]) c[1];
            Model m = new Sequential(Input.of(shape), layer).named("m_" + layer.name());
            int[] batch = new int[shape.length + 1];
            batch[0] = 3;
            System.arraycopy(shape, 0, batch, 1, shape.length);
            Tensor x = Tensor.randn(batch);
            m.apply(x, true); // moves batch-norm statistics
            Model back = roundTrip(m);
            IoAssertions.assertSameBits(m.apply(x), back.apply(x));
        }
        // Merge layers, with two inputs.
        for (Layer merge : List.<Layer>of(
                new Concatenate(1),
                new Add(),
                new Subtract(),
                new Multiply(),
                new Average(),
                new Maximum(),
                new Minimum(),
                new Dot(1, 1, true))) {
            SymbolicTensor a = Input.of(5);
            SymbolicTensor b = Input.of(5);
            Model m = new Model(List.of(a, b), merge.apply(a, b));
            Tensor xa = Tensor.randn(3, 5);
            Tensor xb = Tensor.randn(3, 5);
            Model back = roundTrip(m);
            IoAssertions.assertSameBits(m.apply(List.of(xa, xb), false), back.apply(List.of(xa, xb), false));
        }
        // Embedding, on integer tokens.
        SymbolicTensor tokens = Input.of(DType.INT64, 7);
        Model emb = new Model(tokens, new GlobalAveragePooling1D().apply(new Embedding(20, 4).apply(tokens)));
        Tensor ids = Tensor.of(new long[] {1, 5, 19, 0, 3, 3, 7, 2, 8, 9, 10, 11, 12, 13})
                .reshape(2, 7);
        IoAssertions.assertSameBits(emb.apply(ids), roundTrip(emb).apply(ids));
    }

    @Test
    void lambdaAndCustomLayersLoadOnlyWhenRegistered() throws IOException {
        var m = new Sequential(Input.of(3), new Lambda("not_registered_anywhere", xs -> xs.get(0), null));
        Path f = dir.resolve("lambda.synapse");
        // Written without registering the function: the file names it, but cannot carry it.
        new ModelArchive()
                .architecture(LayerRegistry.serialize(m))
                .weights(Map.of())
                .write(f);
        var e = assertThrows(CorruptFileException.class, () -> Model.load(f));
        assertTrue(
                e.getMessage().contains("not_registered_anywhere")
                        && e.getMessage().contains("register"),
                e.getMessage());

        Map<String, Object> custom = Map.of("class_name", "MyLayer", "config", Map.of("name", "mine"));
        Path g = dir.resolve("custom.synapse");
        new ModelArchive()
                .architecture(
                        Map.of("class_name", "Sequential", "config", Map.of("name", "s", "layers", List.of(custom))))
                .weights(Map.of())
                .write(g);
        var e2 = assertThrows(CorruptFileException.class, () -> Model.load(g));
        assertTrue(e2.getMessage().contains("unknown layer type 'MyLayer'"), e2.getMessage());
        LayerRegistry.register("MyLayer", c -> new Activation("relu"));
        assertEquals(1, Model.load(g).layers().size());
    }

    @Test
    void refusesFilesThatAreNotModels(@TempDir Path tmp) throws IOException {
        Path weights = tmp.resolve("w.safetensors");
        new Sequential(Input.of(2), new Dense(1)).saveWeights(weights);
        var e = assertThrows(CorruptFileException.class, () -> Model.load(weights));
        assertTrue(e.getMessage().contains("no zip end record"), e.getMessage());
        Path text = tmp.resolve("t.synapse");
        Files.writeString(text, "hello");
        assertThrows(CorruptFileException.class, () -> Model.load(text));
    }

    @Test
    void lossOptionsSurviveSaveAndLoad(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Sequential model = new Sequential(new Dense(3).withInputShape(2));
        model.compile(new Adam(0.01), new dev.synapse.losses.CategoricalCrossentropy(true, 0.1), "accuracy");
        Path file = dir.resolve("logits.synapse");
        model.save(file);
        Model back = Model.load(file);
        assertEquals(model.compiled().loss().getConfig(), back.compiled().loss().getConfig());
        assertEquals(true, back.compiled().loss().getConfig().get("from_logits"));
    }

    /** Sets every {@code units} to {@code units} and every input shape to {@code [inputs]}, wherever they sit. */
    @SuppressWarnings("unchecked")
    private static void resize(Object node, Object units, Object inputs) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> mm = (Map<String, Object>) m;
            for (String k : new ArrayList<>(mm.keySet())) {
                if (k.equals("units")) {
                    mm.put(k, units);
                } else if (k.equals("build_input_shape") || k.equals("shape")) {
                    mm.put(k, new ArrayList<>(List.of(inputs)));
                } else {
                    resize(mm.get(k), units, inputs);
                }
            }
        } else if (node instanceof List<?> l) {
            l.forEach(v -> resize(v, units, inputs));
        }
    }

    @Test
    void aSmallFileWhoseConfigImpliesHugeWeightsIsRefusedBeforeAllocatingThem() throws Exception {
        ModelArchive a = ModelFiles.archive(new Sequential(Input.of(4), new Dense(3)), null, null, List.of(), false);
        // 20000 x 20000 float32 is 1.6 GB: every size alone passes the integer bounds.
        resize(a.architecture(), 20_000L, 20_000L);
        byte[] bytes = a.toBytes();
        long allocated = IoAssertions.allocatedBy(() -> {
            var e = assertThrows(
                    CorruptFileException.class, () -> ModelFiles.load(ModelArchive.read(bytes, "big"), "big"));
            assertTrue(
                    e.getMessage().startsWith("big")
                            && e.getMessage().contains("(20000, 20000)")
                            && e.getMessage().contains("kernel"),
                    e.getMessage());
        });
        assertTrue(allocated < 16 << 20, allocated + " bytes allocated");
    }

    @Test
    void aFractionalNumberWhereAnIntegerBelongsIsACorruptFile() throws IOException {
        ModelArchive a = ModelFiles.archive(new Sequential(Input.of(4), new Dense(3)), null, null, List.of(), false);
        resize(a.architecture(), 3e9, 4L);
        var e = assertThrows(
                CorruptFileException.class, () -> ModelFiles.load(ModelArchive.read(a.toBytes(), "f"), "f"));
        assertTrue(
                e.getMessage().contains("'units' should be an integer")
                        && e.getMessage().contains("3.0E9"),
                e.getMessage());
        resize(a.architecture(), 3L, 4.0);
        var s = assertThrows(
                CorruptFileException.class, () -> ModelFiles.load(ModelArchive.read(a.toBytes(), "f"), "f"));
        assertTrue(s.getMessage().contains("should be an integer"), s.getMessage());
    }
}
