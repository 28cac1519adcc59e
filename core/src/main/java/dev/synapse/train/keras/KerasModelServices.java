package dev.synapse.train.keras;

import dev.synapse.data.Batch;
import dev.synapse.io.CorruptFileException;
import dev.synapse.io.WeightFiles;
import dev.synapse.io.internal.ModelFiles;
import dev.synapse.nn.Compiled;
import dev.synapse.nn.Layer;
import dev.synapse.nn.LoadReport;
import dev.synapse.nn.Model;
import dev.synapse.nn.ModelServices;
import dev.synapse.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@link Model}'s Keras methods above {@code nn}: {@code evaluate}, {@code predict} and the batch
 * steps run the {@code Trainer} through {@link KerasTraining}; {@code save}/{@code load} go through
 * {@code dev.synapse.io}. Registered as the {@link ModelServices} service; users call the model's methods.
 */
public final class KerasModelServices implements ModelServices {
    /** Made by {@link java.util.ServiceLoader}. */
    public KerasModelServices() {}

    @Override
    public Map<String, Double> evaluate(Layer model, Compiled compiled, Tensor x, Tensor y, int batchSize) {
        return KerasTraining.evaluate(model, compiled, x, y, batchSize);
    }

    @Override
    public Map<String, Double> evaluate(Layer model, Compiled compiled, Iterable<Batch> data) {
        return KerasTraining.evaluate(model, compiled, data);
    }

    @Override
    public Tensor predict(Layer model, Tensor x, int batchSize) {
        return KerasTraining.predict(model, x, batchSize);
    }

    @Override
    public Map<String, Double> trainOnBatch(Layer model, Compiled compiled, Tensor x, Tensor y) {
        return KerasTraining.trainOnBatch(model, compiled, x, y);
    }

    @Override
    public Map<String, Double> testOnBatch(Layer model, Compiled compiled, Tensor x, Tensor y) {
        return KerasTraining.testOnBatch(model, compiled, x, y);
    }

    @Override
    public void save(Layer model, Path file, @Nullable Compiled compiled, boolean includeOptimizer) throws IOException {
        ModelFiles.save(
                model,
                file,
                compiled == null ? null : compiled.optimizer(),
                compiled == null ? null : compiled.loss(),
                compiled == null ? List.of() : compiled.metrics(),
                includeOptimizer);
    }

    @Override
    public Model load(Path file) throws IOException {
        ModelFiles.Loaded loaded = ModelFiles.load(file);
        if (!(loaded.model() instanceof Model m)) {
            throw new CorruptFileException(file + ": holds a " + loaded.model().className() + " layer, not a model");
        }
        var settings = loaded.compile();
        if (settings.optimizer() != null && settings.loss() != null) {
            m.compile(settings.optimizer(), settings.loss(), settings.metrics());
        }
        return m;
    }

    @Override
    public void saveWeights(Layer model, Path file) throws IOException {
        WeightFiles.save(model, file);
    }

    @Override
    public LoadReport loadWeights(Layer model, Path file, boolean strict) throws IOException {
        return WeightFiles.load(model, file, strict);
    }
}
