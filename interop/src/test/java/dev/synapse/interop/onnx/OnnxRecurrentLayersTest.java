package dev.synapse.interop.onnx;

import static dev.synapse.interop.onnx.OrtCheck.check;
import static dev.synapse.interop.onnx.OrtCheck.input;
import static dev.synapse.interop.onnx.OrtCheck.randomized;

import dev.synapse.nn.Input;
import dev.synapse.nn.Layer;
import dev.synapse.nn.Model;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.SymbolicTensor;
import dev.synapse.nn.layers.Bidirectional;
import dev.synapse.nn.layers.Dense;
import dev.synapse.nn.layers.GRU;
import dev.synapse.nn.layers.LSTM;
import dev.synapse.nn.layers.RepeatVector;
import dev.synapse.nn.layers.SimpleRNN;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnnxRecurrentLayersTest {

    private static void one(String label, Layer layer, long seed) {
        check(label, randomized(new Sequential(Input.of(5, 3), layer), seed), input(seed + 1, 2, 5, 3));
    }

    @Test
    void lstm() {
        one("LSTM", new LSTM(4), 200);
        one("LSTM return_sequences", LSTM.builder(4).returnSequences(true).build(), 202);
        one(
                "LSTM go_backwards, return_sequences",
                LSTM.builder(4).goBackwards(true).returnSequences(true).build(),
                204);
        one(
                "LSTM relu activation, no bias",
                LSTM.builder(4).activation("relu").useBias(false).build(),
                206);
    }

    @Test
    void gru() {
        one("GRU reset_after", new GRU(4), 210);
        one("GRU reset_after=False", GRU.builder(4).resetAfter(false).build(), 212);
        one("GRU go_backwards", GRU.builder(4).goBackwards(true).build(), 214);
        one("GRU return_sequences", GRU.builder(4).returnSequences(true).build(), 216);
    }

    @Test
    void simpleRnnAndRepeatVector() {
        one("SimpleRNN", new SimpleRNN(4), 230);
        one(
                "SimpleRNN relu, return_sequences",
                SimpleRNN.builder(4).activation("relu").returnSequences(true).build(),
                232);
        check(
                "RepeatVector into an LSTM",
                randomized(
                        new Sequential(
                                Input.of(3),
                                new RepeatVector(4),
                                LSTM.builder(2).returnSequences(true).build()),
                        234),
                input(235, 2, 3));
    }

    @Test
    void bidirectional() {
        one("Bidirectional LSTM", new Bidirectional(new LSTM(4)), 240);
        one(
                "Bidirectional LSTM return_sequences (backward outputs back in step order)",
                new Bidirectional(LSTM.builder(4).returnSequences(true).build()),
                242);
        one("Bidirectional GRU, merge sum", new Bidirectional(new GRU(3), "sum"), 244);
        one(
                "Bidirectional GRU return_sequences, merge ave",
                new Bidirectional(GRU.builder(3).returnSequences(true).build(), "ave"),
                246);
        one("Bidirectional SimpleRNN, merge mul", new Bidirectional(new SimpleRNN(3), "mul"), 248);
        check(
                "two stacked Bidirectional LSTMs and a Dense",
                randomized(
                        new Sequential(
                                Input.of(6, 3),
                                new Bidirectional(
                                        LSTM.builder(4).returnSequences(true).build()),
                                new Bidirectional(
                                        LSTM.builder(3).returnSequences(true).build()),
                                new Dense(2)),
                        250),
                input(251, 2, 6, 3));
        SymbolicTensor x = Input.named("x", 5, 3);
        List<SymbolicTensor> outs = new Bidirectional(
                        LSTM.builder(4).returnSequences(true).returnState(true).build())
                .applyAll(List.of(x));
        check(
                "Bidirectional LSTM with final states",
                randomized(new Model(List.of(x), outs), 252),
                List.of(input(253, 2, 5, 3)),
                OnnxExportOptions.defaults(),
                OrtCheck.TOLERANCE);
    }

    @Test
    void statesInAndOut() {
        SymbolicTensor x = Input.named("x", 5, 3);
        SymbolicTensor h0 = Input.named("h0", 4);
        SymbolicTensor c0 = Input.named("c0", 4);
        List<SymbolicTensor> outs =
                LSTM.builder(4).returnSequences(true).returnState(true).build().applyAll(x, h0, c0);
        Model model = randomized(new Model(List.of(x, h0, c0), outs), 220);
        check(
                "LSTM with initial and final states",
                model,
                List.of(input(221, 2, 5, 3), input(222, 2, 4), input(223, 2, 4)),
                OnnxExportOptions.defaults(),
                OrtCheck.TOLERANCE);
        SymbolicTensor gx = Input.named("x", 5, 3);
        SymbolicTensor gh = Input.named("h0", 4);
        List<SymbolicTensor> gouts = GRU.builder(4).returnState(true).build().applyAll(gx, gh);
        check(
                "GRU with initial and final state",
                randomized(new Model(List.of(gx, gh), gouts), 224),
                List.of(input(225, 2, 5, 3), input(226, 2, 4)),
                OnnxExportOptions.defaults(),
                OrtCheck.TOLERANCE);
    }
}
