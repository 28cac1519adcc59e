package dev.synapse.train;

import dev.synapse.autograd.GradMode;
import dev.synapse.data.DataLoader;
import dev.synapse.io.CorruptFileException;
import dev.synapse.io.ModelArchive;
import dev.synapse.io.internal.JsonFields;
import dev.synapse.io.internal.ModelFiles;
import dev.synapse.optim.Optimizer;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything a resumed run needs besides the model and its weights, written into and read from a
 * checkpoint's {@code training.json} and {@code training.safetensors}:
 * <ul>
 *   <li>epochs completed and optimizer steps taken;</li>
 *   <li>the optimizer's slots, iteration count (the learning-rate schedule's position) and rate;</li>
 *   <li>the global {@link Generator}'s state (dropout masks, noise, augmentation layers), those of the
 *       devices' generators ({@link Generator#deviceGenerators()}), and the
 *       states of the generators of layers made with a seed ({@link TrainingModule#namedGenerators()});</li>
 *   <li>each {@link DataLoader}'s seed and epoch, so the next shuffle order is the one an
 *       uninterrupted run would draw;</li>
 *   <li>each callback's {@link Callback#stateDict()} (EarlyStopping's best value and wait count, ...).</li>
 * </ul>
 */
final class CheckpointState {
    private CheckpointState() {}

    /** The archive of a checkpoint taken after {@code epochsDone} epochs. */
    static ModelArchive capture(
            TrainingModule<?> module,
            Optimizer optimizer,
            List<Tensor> params,
            int epochsDone,
            long globalStep,
            Iterable<?> train,
            @Nullable Iterable<?> validation,
            List<Callback> callbacks) {
        ModelArchive a = module.checkpointArchive();
        ModelFiles.writeOptimizer(a, optimizer, params, module.namedWeights());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("epoch", epochsDone);
        s.put("global_step", globalStep);
        List<Object> gen = new ArrayList<>();
        for (long v : Generator.global().getState()) {
            gen.add(v);
        }
        s.put("generator", gen);
        Map<String, Object> deviceGenerators = new LinkedHashMap<>();
        Generator.deviceGenerators().forEach((device, g) -> deviceGenerators.put(device.toString(), states(g)));
        if (!deviceGenerators.isEmpty()) {
            s.put("device_generators", deviceGenerators);
        }
        Map<String, Object> layerGenerators = new LinkedHashMap<>();
        module.namedGenerators().forEach((name, g) -> {
            List<Object> state = new ArrayList<>();
            for (long v : g.getState()) {
                state.add(v);
            }
            layerGenerators.put(name, state);
        });
        if (!layerGenerators.isEmpty()) {
            s.put("layer_generators", layerGenerators);
        }
        if (train instanceof DataLoader l) {
            s.put("train_loader", loader(l));
        }
        if (validation instanceof DataLoader l) {
            s.put("val_loader", loader(l));
        }
        Map<String, Object> states = new LinkedHashMap<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Callback c : callbacks) {
            String key = key(c, seen);
            Map<String, Object> state = c.stateDict();
            if (state == null) {
                continue;
            }
            Map<String, Object> json = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : state.entrySet()) {
                if (e.getValue() instanceof Tensor t) {
                    tensors.put(key + "/" + e.getKey(), t);
                } else {
                    json.put(e.getKey(), e.getValue());
                }
            }
            states.put(key, json);
        }
        s.put("callbacks", states);
        return a.training(s, tensors);
    }

    private static Map<String, Object> loader(DataLoader l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", l.seed());
        m.put("epoch", l.epoch());
        return m;
    }

    /** Callbacks are matched by type and occurrence: the second EarlyStopping is {@code EarlyStopping#1}. */
    private static String key(Callback c, Map<String, Integer> seen) {
        String type = c.getClass().getSimpleName().isEmpty()
                ? c.getClass().getName()
                : c.getClass().getSimpleName();
        int n = seen.merge(type, 1, Integer::sum) - 1;
        return type + "#" + n;
    }

    /**
     * A checkpoint checked against the live objects (weights, optimizer, generators, loaders, callbacks)
     * with nothing changed yet. The trainer applies it in two steps, as the loop needs:
     * {@link #applyModelAndLoaders()} before the callbacks' {@code onTrainBegin} and
     * {@link #applyCallbacksAndRandom()} after it.
     */
    static final class Restore {
        private final int epoch;
        private final long globalStep;
        private final Map<Tensor, Tensor> weights;
        private final ModelFiles.@Nullable OptimizerState optimizer;
        private final Map<DataLoader, Integer> loaderEpochs;
        private final List<Map.Entry<Callback, Map<String, Object>>> callbackStates;
        private final Map<Generator, long[]> layerGenerators;
        private final long[] globalGenerator;

        private Restore(
                int epoch,
                long globalStep,
                Map<Tensor, Tensor> weights,
                ModelFiles.@Nullable OptimizerState optimizer,
                Map<DataLoader, Integer> loaderEpochs,
                List<Map.Entry<Callback, Map<String, Object>>> callbackStates,
                Map<Generator, long[]> layerGenerators,
                long[] globalGenerator) {
            this.epoch = epoch;
            this.globalStep = globalStep;
            this.weights = weights;
            this.optimizer = optimizer;
            this.loaderEpochs = loaderEpochs;
            this.callbackStates = callbackStates;
            this.layerGenerators = layerGenerators;
            this.globalGenerator = globalGenerator;
        }

        /** The epoch to start at. */
        int epoch() {
            return epoch;
        }

        /** The optimizer steps taken before the checkpoint. */
        long globalStep() {
            return globalStep;
        }

        /** Restores the weights, the optimizer and the loaders' epochs. */
        void applyModelAndLoaders() {
            try (var _ = GradMode.noGrad()) {
                weights.forEach(Tensor::assign);
            }
            if (optimizer != null) {
                optimizer.apply();
            }
            loaderEpochs.forEach(DataLoader::setEpoch);
        }

        /** Restores callbacks' states (after their onTrainBegin) and, last, the random state. */
        void applyCallbacksAndRandom() {
            callbackStates.forEach(e -> e.getKey().loadStateDict(e.getValue()));
            layerGenerators.forEach(Generator::setState);
            Generator.global().setState(globalGenerator);
        }
    }

    /**
     * Reads every part of a checkpoint's training state and checks it against the live objects, changing
     * nothing: bad values are {@link CorruptFileException}s naming the file and the entry; a loader built
     * with another seed is an {@link IllegalStateException} saying which seed to use. The callbacks must
     * have their context already.
     */
    static Restore check(
            ModelArchive a,
            String source,
            TrainingModule<?> module,
            Optimizer optimizer,
            List<Tensor> params,
            Iterable<?> train,
            @Nullable Iterable<?> validation,
            List<Callback> callbacks)
            throws CorruptFileException {
        Map<String, Object> s = a.training();
        if (s == null) {
            throw new CorruptFileException(source + ": is a model file, not a checkpoint (no training state); "
                    + "load it with Model.load, or save checkpoints with ModelCheckpoint");
        }
        String where = source + "!training.json";
        int epoch = JsonFields.intIn(s, "epoch", 0, Integer.MAX_VALUE, where);
        long globalStep = JsonFields.integer(s, "global_step", where);
        if (globalStep < 0) {
            throw new CorruptFileException(
                    where + ": 'global_step' is " + globalStep + ", a step count cannot be negative");
        }
        long[] globalGenerator = generatorState(JsonFields.list(s, "generator", where), "generator", where);
        Map<Generator, long[]> layerGenerators = layerGenerators(s, module.namedGenerators(), where);
        deviceGenerators(s, where).forEach((device, state) -> layerGenerators.put(Generator.defaultFor(device), state));
        Map<Tensor, Tensor> weights = weights(a, source, module.namedWeights());
        ModelFiles.@Nullable OptimizerState opt = a.optimizerSlots() == null
                ? null
                : ModelFiles.checkOptimizer(a, optimizer, params, module.namedWeights(), source);
        Map<DataLoader, Integer> loaderEpochs = new LinkedHashMap<>();
        checkLoader(s, "train_loader", train, where, loaderEpochs);
        checkLoader(s, "val_loader", validation, where, loaderEpochs);
        List<Map.Entry<Callback, Map<String, Object>>> states = callbackStates(a, s, where, callbacks);
        return new Restore(epoch, globalStep, weights, opt, loaderEpochs, states, layerGenerators, globalGenerator);
    }

    /** Saved weights by live tensor; names, shapes and dtypes must match the module's exactly. */
    private static Map<Tensor, Tensor> weights(ModelArchive a, String source, Map<String, Tensor> named)
            throws CorruptFileException {
        List<String> problems = new ArrayList<>();
        Map<Tensor, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : named.entrySet()) {
            Tensor saved = a.weights().get(e.getKey());
            Tensor live = e.getValue();
            if (saved == null) {
                problems.add("missing " + e.getKey());
            } else if (!saved.shape().equals(live.shape()) || saved.dtype() != live.dtype()) {
                problems.add(e.getKey() + " is " + saved.dtype() + " " + saved.shape() + " in the checkpoint but "
                        + live.dtype() + " " + live.shape() + " in the module");
            } else {
                out.put(live, saved);
            }
        }
        for (String k : a.weights().keySet()) {
            if (!named.containsKey(k)) {
                problems.add("unexpected " + k);
            }
        }
        if (!problems.isEmpty()) {
            throw new CorruptFileException(source + ": the checkpoint does not fit the module: "
                    + String.join("; ", problems.subList(0, Math.min(8, problems.size())))
                    + (problems.size() > 8 ? "; and " + (problems.size() - 8) + " more" : ""));
        }
        return out;
    }

    private static void checkLoader(
            Map<String, Object> s,
            String key,
            @Nullable Iterable<?> data,
            String where,
            Map<DataLoader, Integer> epochs)
            throws CorruptFileException {
        Map<String, Object> m = JsonFields.optionalMap(s, key, where);
        if (m == null || !(data instanceof DataLoader l)) {
            return;
        }
        long seed = JsonFields.integer(m, "seed", where + ": " + key);
        int epoch = JsonFields.intIn(m, "epoch", 0, Integer.MAX_VALUE, where + ": " + key);
        if (seed != l.seed()) {
            throw new IllegalStateException(where + ": the " + key.replace('_', ' ') + " was built with seed "
                    + l.seed()
                    + " but the checkpoint's used " + seed + "; build it with DataLoader.builder(...).seed(" + seed
                    + ") so the resumed epochs see the same order");
        }
        epochs.put(l, epoch);
    }

    private static List<Object> states(Generator g) {
        List<Object> state = new ArrayList<>();
        for (long v : g.getState()) {
            state.add(v);
        }
        return state;
    }

    /** The saved states of the devices' generators, by device; checkpoints written on the CPU alone have none. */
    private static Map<Device, long[]> deviceGenerators(Map<String, Object> s, String where)
            throws CorruptFileException {
        Map<String, Object> saved = JsonFields.optionalMap(s, "device_generators", where);
        Map<Device, long[]> out = new LinkedHashMap<>();
        if (saved == null) {
            return out;
        }
        for (String name : saved.keySet()) {
            Device d;
            try {
                d = Device.of(name);
            } catch (IllegalArgumentException e) {
                throw new CorruptFileException(
                        where + ": 'device_generators' names '" + name + "', which is not a device: " + e.getMessage());
            }
            out.put(d, generatorState(JsonFields.list(saved, name, where), "device_generators." + name, where));
        }
        return out;
    }

    private static long[] generatorState(List<Object> g, String name, String where) throws CorruptFileException {
        if (g.size() != 4) {
            throw new CorruptFileException(where + ": '" + name + "' should hold 4 integers, holds " + g.size());
        }
        long[] state = new long[4];
        for (int i = 0; i < 4; i++) {
            state[i] = JsonFields.asLong(g.get(i), name + "[" + i + "]", where);
        }
        if ((state[0] | state[1] | state[2] | state[3]) == 0) {
            throw new CorruptFileException(where + ": an all-zero state of '" + name + "' is invalid");
        }
        return state;
    }

    /**
     * The saved states of layers' own generators, by live generator. Checkpoints of models without
     * seeded layers have none; when saved, they must name exactly the module's seeded layers.
     */
    private static Map<Generator, long[]> layerGenerators(
            Map<String, Object> s, Map<String, Generator> live, String where) throws CorruptFileException {
        Map<String, Object> saved = JsonFields.optionalMap(s, "layer_generators", where);
        Map<Generator, long[]> out = new LinkedHashMap<>();
        if (saved == null) {
            return out;
        }
        for (String name : saved.keySet()) {
            Generator g = live.get(name);
            if (g == null) {
                throw new CorruptFileException(where + ": 'layer_generators' names '" + name
                        + "', which is no seeded layer " + "of the module (its seeded layers: " + live.keySet() + ")");
            }
            out.put(g, generatorState(JsonFields.list(saved, name, where), "layer_generators." + name, where));
        }
        for (String name : live.keySet()) {
            if (!saved.containsKey(name)) {
                throw new CorruptFileException(where + ": 'layer_generators' lacks the seeded layer '" + name
                        + "'; was the checkpoint written for another model?");
            }
        }
        return out;
    }

    /** Each callback's saved state, checked by the callback against the live objects. */
    private static List<Map.Entry<Callback, Map<String, Object>>> callbackStates(
            ModelArchive a, Map<String, Object> training, String where, List<Callback> callbacks)
            throws CorruptFileException {
        Map<String, Object> states = JsonFields.optionalMap(training, "callbacks", where);
        for (String k : a.trainingTensors().keySet()) {
            int slash = k.indexOf('/');
            if (slash < 0 || states == null || !states.containsKey(k.substring(0, slash))) {
                throw new CorruptFileException(
                        where + ": training tensor '" + k + "' belongs to no saved callback state");
            }
        }
        List<Map.Entry<Callback, Map<String, Object>>> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Callback c : callbacks) {
            String key = key(c, seen);
            if (states == null || states.get(key) == null) {
                continue;
            }
            Map<String, Object> state = new LinkedHashMap<>(JsonFields.map(states, key, where));
            String prefix = key + "/";
            for (Map.Entry<String, Tensor> e : a.trainingTensors().entrySet()) {
                if (e.getKey().startsWith(prefix)) {
                    state.put(e.getKey().substring(prefix.length()), e.getValue());
                }
            }
            try {
                c.checkStateDict(state);
            } catch (RuntimeException e) {
                throw new CorruptFileException(where + ": state of callback " + key + ": " + e.getMessage(), e);
            }
            out.add(Map.entry(c, state));
        }
        return out;
    }
}
