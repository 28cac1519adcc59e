package dev.synapse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.data.TensorDataset;
import dev.synapse.data.preprocessing.Categorical;
import dev.synapse.data.preprocessing.StandardScaler;
import dev.synapse.data.preprocessing.TrainTestSplit;
import dev.synapse.datasets.Digits;
import dev.synapse.datasets.Generators;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.layers.Dense;
import dev.synapse.optim.Adam;
import dev.synapse.optim.Optimizer;
import dev.synapse.optim.SGD;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.History;
import dev.synapse.train.keras.Fit;
import org.junit.jupiter.api.Test;

/** The Keras face on real data, as seeds 001 (scikit-learn's digits) and 003 (random vs XOR data) use it. */
class KerasAcceptanceTest {

    private static Sequential xorModel() {
        return new Sequential(new Dense(4, "tanh").withInputShape(3), new Dense(3, "tanh"), new Dense(2, "softmax"));
    }

    @Test
    void xorIsLearnedAndRandomLabelsAreNot() {
        Synapse.setSeed(2024);
        TensorDataset xor = Generators.xor(10_000, 3, 7);
        Sequential model = xorModel();
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        // The tutorial trains 10 epochs and finds XOR "better than random"; this 4-3-2 network needs
        // about 20-40 epochs of Adam at 0.001 to separate it (the curve climbs from 0.5 past 0.9).
        History h = model.fit(xor.features(), xor.labels(), Fit.batchSize(32).epochs(40).validationSplit(0.1).verbose(0));
        assertTrue(h.last("val_accuracy") > 0.9, "XOR val_accuracy " + h.get("val_accuracy"));

        TensorDataset random = Generators.randomLabels(10_000, 3, 7);
        Sequential guess = xorModel();
        guess.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        History r = guess.fit(random.features(), random.labels(), Fit.batchSize(32).epochs(40).validationSplit(0.1).verbose(0));
        assertEquals(0.5, r.last("val_accuracy"), 0.05, "random labels stay near chance: " + r.get("val_accuracy"));
    }

    /** Seed 001: StandardScaler, one-hot labels, 64-100-10 tanh, 15 epochs of batch 32; test accuracy. */
    private static double digitsAccuracy(Optimizer optimizer, String kernelInitializer, History[] history) {
        Synapse.setSeed(17);
        Digits digits = Digits.load();
        TrainTestSplit split = TrainTestSplit.trainTestSplit(digits.data(), digits.target(), 0.2, 17);
        StandardScaler scaler = new StandardScaler();
        Tensor xTrain = scaler.fitTransform(split.xTrain());
        Tensor xTest = scaler.transform(split.xTest());
        Tensor yTrain = Categorical.toCategorical(split.yTrain(), 10);
        Sequential model = new Sequential(
                Dense.builder(100).activation("tanh").kernelInitializer(kernelInitializer).build().withInputShape(64),
                Dense.builder(10).activation("softmax").kernelInitializer(kernelInitializer).build());
        model.compile(optimizer, "categorical_crossentropy", "accuracy");
        history[0] = model.fit(xTrain, yTrain, Fit.batchSize(32).epochs(15).validationSplit(0.2).verbose(0));
        Tensor yTest = Categorical.toCategorical(split.yTest(), 10);
        return model.evaluate(xTest, yTest).get("accuracy");
    }

    @Test
    void digitsMlpReachesNinetyFivePercentWithEveryOptimizer() {
        History[] h = new History[1];
        double sgd = digitsAccuracy(new SGD(0.1), "glorot_uniform", h);
        double nesterov = digitsAccuracy(new SGD(0.1, 0.9, true), "glorot_uniform", h);
        double adam = digitsAccuracy(new Adam(0.001), "glorot_uniform", h);
        assertTrue(sgd >= 0.95, "SGD test accuracy " + sgd);
        // "At least as good": within one test image (1/360) of plain SGD.
        assertTrue(nesterov >= sgd - 1.0 / 360, "Nesterov " + nesterov + " vs SGD " + sgd);
        assertTrue(adam >= sgd - 1.0 / 360, "Adam " + adam + " vs SGD " + sgd);
    }

    @Test
    void zeroInitializationCannotLearnButGlorotDoes() {
        History[] zeros = new History[1];
        digitsAccuracy(new SGD(0.1), "zeros", zeros);
        History[] glorot = new History[1];
        digitsAccuracy(new SGD(0.1), "glorot_uniform", glorot);
        // All-zero weights keep every hidden unit identical and at 0: the loss stays at ln 10.
        assertEquals(Math.log(10), zeros[0].last("loss"), 0.02, "zeros: " + zeros[0].get("loss"));
        assertTrue(glorot[0].last("loss") < 0.3, "glorot: " + glorot[0].get("loss"));
    }
}
