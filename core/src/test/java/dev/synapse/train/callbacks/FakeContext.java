package dev.synapse.train.callbacks;

import dev.synapse.optim.Optimizer;
import dev.synapse.optim.SGD;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.TrainingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** A loop context for driving callbacks by hand in tests. */
final class FakeContext implements TrainingContext {
    final Optimizer optimizer = new SGD(0.1);
    final Map<String, Tensor> weights = new LinkedHashMap<>();
    boolean stopping;

    FakeContext() {
        weights.put("dense.kernel", Tensor.zeros(2));
    }

    @Override
    public void stopTraining() {
        stopping = true;
    }

    @Override
    public boolean isStopping() {
        return stopping;
    }

    @Override
    public Optimizer optimizer() {
        return optimizer;
    }

    @Override
    public Map<String, Tensor> namedWeights() {
        return weights;
    }

    @Override
    public void saveModel(java.nio.file.Path file) throws java.io.IOException {
        dev.synapse.io.SafeTensors.write(file, weights, Map.of("model", "fake"));
    }
}
