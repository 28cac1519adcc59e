package dev.synapse.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.synapse.Synapse;
import dev.synapse.autograd.GradientTape;
import dev.synapse.losses.BinaryCrossentropy;
import dev.synapse.nn.Sequential;
import dev.synapse.nn.layers.Dense;
import dev.synapse.optim.Adam;
import dev.synapse.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed 000's DCGAN training step, written against the public API: two tapes, two optimizers, BCE from logits. */
class GanStepTest {
    private final BinaryCrossentropy crossEntropy = new BinaryCrossentropy(true);
    private final Sequential generator = new Sequential(new Dense(16, "relu").withInputShape(8), new Dense(1));
    private final Sequential discriminator = new Sequential(new Dense(16, "relu").withInputShape(1), new Dense(1));
    private final Adam generatorOptimizer = new Adam(2e-3);
    private final Adam discriminatorOptimizer = new Adam(2e-3);

    private Tensor generatorLoss(Tensor fakeOutput) {
        return crossEntropy.call(Tensor.onesLike(fakeOutput), fakeOutput);
    }

    private Tensor discriminatorLoss(Tensor realOutput, Tensor fakeOutput) {
        return crossEntropy
                .call(Tensor.onesLike(realOutput), realOutput)
                .add(crossEntropy.call(Tensor.zerosLike(fakeOutput), fakeOutput));
    }

    private void trainStep(Tensor real) {
        Tensor noise = Tensor.randn(real.dim(0), 8);
        try (GradientTape genTape = GradientTape.open();
                GradientTape discTape = GradientTape.open()) {
            Tensor generated = generator.apply(noise, true);
            Tensor realOutput = discriminator.apply(real, true);
            Tensor fakeOutput = discriminator.apply(generated, true);
            Tensor genLoss = generatorLoss(fakeOutput);
            Tensor discLoss = discriminatorLoss(realOutput, fakeOutput);
            List<Tensor> genGrads = genTape.gradient(genLoss, generator.trainableVariables());
            List<Tensor> discGrads = discTape.gradient(discLoss, discriminator.trainableVariables());
            generatorOptimizer.applyGradients(genGrads, generator.trainableVariables());
            discriminatorOptimizer.applyGradients(discGrads, discriminator.trainableVariables());
        }
    }

    @Test
    void eachTapeUpdatesOnlyItsModelAndTheGeneratorLearnsTheData() {
        Synapse.setSeed(1102);
        Tensor realBatch = Tensor.normal(3.0, 0.5, 64, 1);
        generator.apply(Tensor.zeros(1, 8));
        discriminator.apply(Tensor.zeros(1, 1));
        Tensor genBefore = generator.trainableVariables().get(0).copy();
        Tensor discBefore = discriminator.trainableVariables().get(0).copy();
        trainStep(realBatch);
        assertTrue(
                generator.trainableVariables().get(0).sub(genBefore).abs().sum().item() > 0);
        assertTrue(discriminator
                        .trainableVariables()
                        .get(0)
                        .sub(discBefore)
                        .abs()
                        .sum()
                        .item()
                > 0);
        assertEquals(1, generatorOptimizer.iterations());
        assertEquals(1, discriminatorOptimizer.iterations());

        double startMean = generator.predict(Tensor.randn(1000, 8)).mean().item();
        for (int step = 0; step < 1500; step++) {
            trainStep(Tensor.normal(3.0, 0.5, 64, 1));
        }
        double mean = generator.predict(Tensor.randn(1000, 8)).mean().item();
        assertTrue(Math.abs(startMean - 3.0) > 1.5, "starts far from the data: " + startMean);
        assertEquals(3.0, mean, 0.5, "generated samples move to the real data's mean");
    }
}
