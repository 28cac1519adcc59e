package dev.synapse.interop.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.io.WeightFiles;
import dev.synapse.nn.Input;
import dev.synapse.nn.LoadReport;
import dev.synapse.nn.Model;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.layers.Activation;
import dev.synapse.nn.layers.AveragePooling1D;
import dev.synapse.nn.layers.AveragePooling2D;
import dev.synapse.nn.layers.BatchNormalization;
import dev.synapse.nn.layers.Bidirectional;
import dev.synapse.nn.layers.Conv1D;
import dev.synapse.nn.layers.Conv2D;
import dev.synapse.nn.layers.Conv2DTranspose;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.Embedding;
import dev.synapse.nn.layers.Flatten;
import dev.synapse.nn.layers.GRU;
import dev.synapse.nn.layers.LSTM;
import dev.synapse.nn.layers.LayerNormalization;
import dev.synapse.nn.layers.MaxPooling1D;
import dev.synapse.nn.layers.MaxPooling2D;
import dev.synapse.nn.layers.UpSampling2D;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TorchWeightsTest {
    @TempDir
    Path dir;

    /** The Synapse model built layer for layer like make_fixtures.py's model {@code name}. */
    static Model model(String name) {
        return switch (name) {
            case "mlp" -> new Sequential(Input.of(48), new Dense(32, "tanh"), new Dense(10));
            case "autoencoder" ->
                new Sequential(
                        Input.of(64),
                        new Dense(32, "relu"),
                        new Dense(16, "relu"),
                        new Dense(32, "relu"),
                        new Dense(64));
            case "conv_autoencoder" ->
                new Sequential(
                        Input.of(8, 8, 1),
                        same(16),
                        new AveragePooling2D(2),
                        new Activation("relu"),
                        same(8),
                        new AveragePooling2D(2),
                        new Activation("relu"),
                        same(4),
                        new Activation("relu"),
                        same(8),
                        new UpSampling2D(),
                        new Activation("relu"),
                        same(16),
                        new UpSampling2D(),
                        new Activation("relu"),
                        same(1));
            case "cnn" ->
                new Sequential(
                        Input.of(14, 14, 1),
                        new Conv2D(4, 3),
                        new Activation("relu"),
                        new MaxPooling2D(2),
                        new Conv2D(8, 3),
                        new Activation("relu"),
                        new MaxPooling2D(2),
                        new Flatten(),
                        new Dense(10));
            case "conv_transpose" ->
                new Sequential(
                        Input.of(5, 5, 3),
                        Conv2DTranspose.builder(4, 3).strides(2).build(),
                        new Activation("relu"),
                        new Conv2D(2, 3));
            case "batchnorm" ->
                new Sequential(
                        Input.of(6, 6, 2),
                        new Conv2D(4, 3),
                        new BatchNormalization(0.9, 1e-5),
                        new Activation("relu"),
                        new Flatten(),
                        new Dense(6),
                        new BatchNormalization(0.9, 1e-5),
                        new Dense(3));
            case "lstm" -> new Sequential(Input.of(7, 5), new LSTM(6), new Dense(3));
            case "gru" -> new Sequential(Input.of(7, 5), new GRU(6), new Dense(3));
            case "embedding" ->
                new Sequential(Input.of(DType.INT64, 6), new Embedding(20, 4), new Flatten(), new Dense(3));
            case "layernorm" ->
                new Sequential(
                        Input.of(6),
                        new Dense(8),
                        new LayerNormalization(1e-5, true, true),
                        new Activation("tanh"),
                        new Dense(3));
            case "lstm_stacked" ->
                new Sequential(
                        Input.of(7, 5),
                        LSTM.builder(6).returnSequences(true).build(),
                        LSTM.builder(6).returnSequences(true).build(),
                        new Dense(3));
            case "lstm_bidirectional" ->
                new Sequential(
                        Input.of(7, 5),
                        new Bidirectional(LSTM.builder(6).returnSequences(true).build()),
                        new Dense(3));
            case "gru_bidirectional" ->
                new Sequential(
                        Input.of(7, 5),
                        new Bidirectional(GRU.builder(4).returnSequences(true).build()),
                        new Bidirectional(GRU.builder(4).returnSequences(true).build()),
                        new Dense(3));
            case "channels_first_cnn" -> channelsFirstCnn();
            case "channels_first_seq" -> channelsFirstSeq();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** make_fixtures.py's channels_first_cnn ported layer for layer in torch's N, C, H, W: no Permute anywhere. */
    static Model channelsFirstCnn() {
        return new Sequential(
                Input.of(2, 8, 8),
                Conv2D.builder(4, 3).padding(1).dataFormat("channels_first").build(),
                new BatchNormalization(1, 0.9, 1e-5, true, true),
                new Activation("relu"),
                new MaxPooling2D(2).withDataFormat("channels_first"),
                new UpSampling2D(new int[] {2}, "bilinear").withDataFormat("channels_first"),
                Conv2D.builder(6, 3).strides(2).dataFormat("channels_first").build(),
                new BatchNormalization(1, 0.9, 1e-5, true, true),
                new Activation("relu"),
                new Flatten(),
                new Dense(5));
    }

    /** make_fixtures.py's channels_first_seq in torch's N, C, L. */
    static Model channelsFirstSeq() {
        return new Sequential(
                Input.of(3, 8),
                Conv1D.builder(4, 3).padding(1).dataFormat("channels_first").build(),
                new BatchNormalization(1, 0.9, 1e-5, true, true),
                new Activation("relu"),
                new MaxPooling1D(2).withDataFormat("channels_first"),
                new AveragePooling1D(2).withDataFormat("channels_first"),
                new Flatten(),
                new Dense(3));
    }

    private static Conv2D same(int filters) {
        return Conv2D.builder(filters, 3).padding("same").build();
    }

    private static boolean channelsFirst(String name) {
        return name.startsWith("conv") || name.equals("cnn") || name.equals("batchnorm");
    }

    /** Synapse's output on the fixture's input, in torch's layout. */
    static Tensor predict(Model m, String name) throws IOException {
        Tensor x = Fixtures.io(name).get("x");
        boolean images = x.rank() == 4;
        Tensor y = m.predict(images ? x.permute(0, 2, 3, 1).contiguous() : x);
        return y.rank() == 4 && channelsFirst(name) ? y.permute(0, 3, 1, 2).contiguous() : y;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "mlp",
                "autoencoder",
                "conv_autoencoder",
                "cnn",
                "conv_transpose",
                "batchnorm",
                "lstm",
                "gru",
                "embedding",
                "layernorm"
            })
    void loadedModelsGiveTorchsOutputs(String name) throws IOException {
        for (String ext : List.of(".pt", ".safetensors")) {
            Model m = model(name);
            LoadReport report = TorchWeights.load(m, Fixtures.path(name + ext));
            assertTrue(report.isComplete(), report::toString);
            double diff = Fixtures.maxDiff(predict(m, name), Fixtures.io(name).get("y"));
            System.out.printf("torch %s%s: largest |synapse - torch| = %.3g%n", name, ext, diff);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"channels_first_cnn", "channels_first_seq"})
    void channelsFirstPortsTakeTorchsInputsAndWeightsAsTheyAre(String name) throws IOException {
        // Torch's N, C, ... input goes in untouched and the Linear after Flatten loads without reordering.
        Map<String, Tensor> io = Fixtures.io(name);
        for (String ext : List.of(".pt", ".safetensors")) {
            Model m = model(name);
            LoadReport report = TorchWeights.load(m, Fixtures.path(name + ext));
            assertTrue(report.isComplete(), report::toString);
            Tensor y = m.predict(io.get("x"));
            assertArrayEquals(io.get("y").dims(), y.dims());
            double diff = Fixtures.maxDiff(y, io.get("y"));
            System.out.printf("torch %s%s: largest |synapse - torch| = %.3g%n", name, ext, diff);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm_stacked", "lstm_bidirectional", "gru_bidirectional"})
    void stackedAndBidirectionalRecurrentModulesLoadAndSaveAsTorchs(String name) throws IOException {
        // nn.LSTM/GRU(num_layers=2, bidirectional=...) is one module; its levels and directions are Synapse layers.
        for (String ext : List.of(".pt", ".safetensors")) {
            Model m = model(name);
            LoadReport report = TorchWeights.load(m, Fixtures.path(name + ext));
            assertTrue(report.isComplete(), report::toString);
            double diff = Fixtures.maxDiff(
                    m.predict(Fixtures.io(name).get("x")), Fixtures.io(name).get("y"));
            System.out.printf("torch %s%s: largest |synapse - torch| = %.3g%n", name, ext, diff);
        }
        Model m = model(name);
        TorchWeights.load(m, Fixtures.path(name + ".pt"));
        // Every recurrent layer named after the one torch module: they become its levels in order.
        Map<String, String> names = new java.util.HashMap<>();
        List<dev.synapse.nn.Layer> layers =
                m.layers().stream().filter(l -> !l.weights().isEmpty()).toList();
        for (dev.synapse.nn.Layer l : layers) {
            names.put(l.name(), l instanceof Dense ? "fc" : "rnn");
        }
        Path out = dir.resolve(name + ".pt");
        TorchWeights.save(m, out, names);
        Map<String, Tensor> torch = StateDict.read(Fixtures.path(name + ".pt")).tensors();
        Map<String, Tensor> ours = StateDict.read(out).tensors();
        assertEquals(List.copyOf(torch.keySet()), List.copyOf(ours.keySet()));
        Model again = model(name);
        assertTrue(TorchWeights.load(again, out).isComplete());
        Fixtures.maxDiff(
                again.predict(Fixtures.io(name).get("x")), Fixtures.io(name).get("y"));
    }

    @Test
    void aLevelOfAStackedModuleIsNamedWithItsIndex() throws IOException {
        Model m = model("lstm_stacked");
        List<dev.synapse.nn.Layer> layers =
                m.layers().stream().filter(l -> !l.weights().isEmpty()).toList();
        // Pairs given in the reverse of the file's order: only the names can put them right.
        Map<String, String> names = new java.util.LinkedHashMap<>();
        names.put("fc", layers.get(2).name());
        names.put("rnn[1]", layers.get(1).name());
        names.put("rnn", layers.get(0).name());
        assertTrue(TorchWeights.load(m, Fixtures.path("lstm_stacked.pt"), true, names)
                .isComplete());
        Fixtures.maxDiff(
                m.predict(Fixtures.io("lstm_stacked").get("x")),
                Fixtures.io("lstm_stacked").get("y"));

        Model other = model("lstm_stacked");
        List<dev.synapse.nn.Layer> others =
                other.layers().stream().filter(l -> !l.weights().isEmpty()).toList();
        Map<String, String> swapped = new java.util.LinkedHashMap<>();
        swapped.put("fc", others.get(2).name());
        swapped.put("rnn[1]", others.get(0).name());
        swapped.put("rnn", others.get(1).name());
        var e = assertThrows(
                WeightFiles.MismatchException.class,
                () -> TorchWeights.load(other, Fixtures.path("lstm_stacked.pt"), true, swapped));
        assertTrue(e.getMessage().contains("rnn.weight_ih_l1"), e.getMessage());
    }

    @Test
    void aChannelsFirstCnnTakesTorchsFlattenOrderAsItIs() throws IOException {
        // Built channels-first, the maps reach Flatten as torch's do (C, H, W): no column of the Dense moves.
        Model m = new Sequential(
                Input.of(1, 14, 14),
                Conv2D.builder(4, 3).dataFormat("channels_first").build(),
                new Activation("relu"),
                new MaxPooling2D(2).withDataFormat("channels_first"),
                Conv2D.builder(8, 3).dataFormat("channels_first").build(),
                new Activation("relu"),
                new MaxPooling2D(2).withDataFormat("channels_first"),
                new Flatten(),
                new Dense(10));
        assertTrue(TorchWeights.load(m, Fixtures.path("cnn.pt")).isComplete());
        Map<String, Tensor> io = Fixtures.io("cnn");
        double diff = Fixtures.maxDiff(m.predict(io.get("x")), io.get("y"));
        System.out.printf("torch cnn.pt, channels-first model: largest |synapse - torch| = %.3g%n", diff);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "mlp",
                "cnn",
                "conv_transpose",
                "batchnorm",
                "gru",
                "embedding",
                "layernorm",
                "channels_first_cnn",
                "channels_first_seq"
            })
    void savedStateDictEqualsTorchs(String name) throws IOException {
        Model m = model(name);
        TorchWeights.load(m, Fixtures.path(name + ".pt"));
        Path out = dir.resolve(name + ".pt");
        // Layers built one for one (activations too) are named by index as nn.Sequential names them; the torch
        // modules that have their own names (mlp, gru) are named through the map.
        Map<String, String> names = new java.util.HashMap<>();
        if (name.equals("gru")) {
            names.put(m.layers().get(0).name(), "rnn");
            names.put(m.layers().get(1).name(), "fc");
        }
        TorchWeights.save(m, out, names);
        Map<String, Tensor> torch = StateDict.read(Fixtures.path(name + ".pt")).tensors();
        Map<String, Tensor> ours = StateDict.read(out).tensors();
        assertEquals(torch.size(), ours.size());
        // Names differ where torch's module has its own names (mlp); values and order must not.
        List<Tensor> a = List.copyOf(torch.values());
        List<Tensor> b = List.copyOf(ours.values());
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).dtype() == DType.INT64) {
                continue; // num_batches_tracked: Synapse does not count batches and saves 0
            }
            assertArrayEquals(a.get(i).dims(), b.get(i).dims(), "tensor " + i);
            assertArrayEquals(a.get(i).toFloatArray(), b.get(i).toFloatArray(), "tensor " + i);
        }
        if (!name.equals("mlp")) {
            assertEquals(List.copyOf(torch.keySet()), List.copyOf(ours.keySet()));
        }
    }

    @Test
    void lstmBiasesAreSummedAndSavedAsTheSum() throws IOException {
        Model m = model("lstm");
        TorchWeights.load(m, Fixtures.path("lstm.pt"));
        Map<String, Tensor> torch = StateDict.read(Fixtures.path("lstm.pt")).tensors();
        Map<String, Tensor> ours = TorchWeights.stateDict(
                        m,
                        Map.of(
                                m.layers().get(0).name(),
                                "rnn",
                                m.layers().get(1).name(),
                                "fc"))
                .tensors();
        assertEquals(torch.keySet(), ours.keySet());
        Tensor sum = torch.get("rnn.bias_ih_l0").add(torch.get("rnn.bias_hh_l0"));
        Tensor ourSum = ours.get("rnn.bias_ih_l0").add(ours.get("rnn.bias_hh_l0"));
        assertArrayEquals(sum.toFloatArray(), ourSum.toFloatArray());
        assertArrayEquals(
                torch.get("rnn.weight_hh_l0").toFloatArray(),
                ours.get("rnn.weight_hh_l0").toFloatArray());
    }

    @Test
    void explicitNamesPairModulesWithLayers() throws IOException {
        Model m = new Sequential(Input.of(48), new Dense(32, "tanh").named("h"), new Dense(10).named("o"));
        // Pairing by name, not order: reversing the map's order changes nothing.
        TorchWeights.load(m, Fixtures.path("mlp.pt"), true, Map.of("output_layer", "o", "hidden_layer", "h"));
        Fixtures.maxDiff(predict(m, "mlp"), Fixtures.io("mlp").get("y"));
    }

    @Test
    void strictLoadListsEveryProblemAndChangesNothing() {
        Model m = new Sequential(Input.of(48), new Dense(31, "tanh"), new Dense(10), new Dense(2));
        float[] before = m.layers().get(1).weights().get(0).value().toFloatArray();
        WeightFiles.MismatchException e =
                assertThrows(WeightFiles.MismatchException.class, () -> TorchWeights.load(m, Fixtures.path("mlp.pt")));
        LoadReport r = e.report();
        // Dense(31) cannot take Linear(48, 32): both its tensors mismatch, and then the next layer's weight too.
        assertEquals(
                List.of("hidden_layer.weight", "hidden_layer.bias", "output_layer.weight"),
                r.mismatched().stream().map(s -> s.substring(0, s.indexOf(':'))).toList());
        assertEquals(
                List.of(
                        "<" + m.layers().get(2).name() + ">.weight",
                        "<" + m.layers().get(2).name() + ">.bias"),
                r.missing());
        assertTrue(e.getMessage().contains("mlp.pt"), e.getMessage());
        assertArrayEquals(before, m.layers().get(1).weights().get(0).value().toFloatArray());
    }

    @Test
    void nonStrictLoadTakesWhatMatches() throws IOException {
        Model m = new Sequential(Input.of(48), new Dense(32, "tanh"), new Dense(10));
        Map<String, Tensor> sd = new java.util.LinkedHashMap<>(
                StateDict.read(Fixtures.path("mlp.pt")).tensors());
        sd.remove("output_layer.bias");
        sd.put("extra.weight", Tensor.zeros(2));
        LoadReport r = TorchWeights.load(m, new StateDict(sd), "edited", false, Map.of());
        assertEquals(List.of("output_layer.bias"), r.missing());
        assertEquals(List.of("extra.weight"), r.unexpected());
        assertEquals(List.of("hidden_layer.weight", "hidden_layer.bias", "output_layer.weight"), r.loaded());
        float[] want = sd.get("hidden_layer.bias").toFloatArray();
        assertArrayEquals(want, m.layers().get(0).weights().get(1).value().toFloatArray());
    }

    @Test
    void gruWithoutResetAfterIsRefused() {
        Model m =
                new Sequential(Input.of(7, 5), GRU.builder(6).resetAfter(false).build(), new Dense(3));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TorchWeights.load(m, Fixtures.path("gru.pt")));
        assertTrue(e.getMessage().contains("resetAfter(true)"), e.getMessage());
    }
}
