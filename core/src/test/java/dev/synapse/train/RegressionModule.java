package dev.synapse.train;

import dev.synapse.data.Batch;
import dev.synapse.losses.Losses;
import dev.synapse.nn.Model;
import dev.synapse.optim.Optimizer;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A {@link TrainingModule} that fits a model by mean squared error with one optimizer, logging
 * {@code loss} and {@code val_loss}: the module the checkpoint and resume tests train.
 */
public final class RegressionModule extends TrainingModule<Batch> {
    public final Model model;
    public final Optimizer optimizer;

    public RegressionModule(Model model, Optimizer optimizer) {
        this.model = model;
        this.optimizer = optimizer;
    }

    @Override
    public Tensor trainingStep(Batch b, int i) {
        Tensor loss = Losses.meanSquaredError().call(b.y(), model.apply(b.x(), true));
        log("loss", loss.item(), b.size());
        return loss;
    }

    @Override
    public Object validationStep(Batch b, int i) {
        log(
                "val_loss",
                Losses.meanSquaredError().call(b.y(), model.apply(b.x(), false)).item(),
                b.size());
        return null;
    }

    @Override
    public Optimizer configureOptimizers() {
        return optimizer;
    }

    @Override
    public List<Tensor> parameters() {
        return model.trainableVariables();
    }

    @Override
    public Map<String, Tensor> namedWeights() {
        return model.stateDict();
    }

    @Override
    public Map<String, Generator> namedGenerators() {
        return model.namedGenerators();
    }
}
