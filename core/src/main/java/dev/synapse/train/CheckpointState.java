package dev.synapse.train;

import dev.synapse.data.DataLoader;
import dev.synapse.io.CorruptFileException;
import dev.synapse.io.JsonFields;
import dev.synapse.io.ModelArchive;
import dev.synapse.io.ModelFiles;
import dev.synapse.optim.Optimizer;
import dev.synapse.tensor.Generator;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a resumed run needs besides the model and its weights, written into and read from a
 * checkpoint's {@code training.json} and {@code training.safetensors}:
 * <ul>
 *   <li>epochs completed and optimizer steps taken;</li>
 *   <li>the optimizer's slots, iteration count (the learning-rate schedule's position) and rate;</li>
 *   <li>the global {@link Generator}'s state (dropout masks, noise, augmentation layers), and the
 *       states of the generators of layers made with a seed ({@link TrainingModule#namedGenerators()});</li>
 *   <li>each {@link DataLoader}'s seed and epoch, so the next shuffle order is the one an
 *       uninterrupted run would draw;</li>
 *   <li>each callback's {@link Callback#stateDict()} (EarlyStopping's best value and wait count, ...).</li>
 * </ul>
 */
final class CheckpointState {
    private CheckpointState() {
    }

    /** The archive of a checkpoint taken after {@code epochsDone} epochs. */
    static ModelArchive capture(TrainingModule<?> module, Optimizer optimizer, List<Tensor> params, int epochsDone,
                                long globalStep, Iterable<?> train, Iterable<?> validation, List<Callback> callbacks) {
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
        String type = c.getClass().getSimpleName().isEmpty() ? c.getClass().getName() : c.getClass().getSimpleName();
        int n = seen.merge(type, 1, Integer::sum) - 1;
        return type + "#" + n;
    }

    /** The parts of a checkpoint restored before the loop starts; returns the epoch to start at. */
    static int restoreModelAndLoaders(ModelArchive a, String source, TrainingModule<?> module, Optimizer optimizer,
                                      List<Tensor> params, Iterable<?> train, Iterable<?> validation)
            throws CorruptFileException {
        Map<String, Object> s = a.training();
        if (s == null) {
            throw new CorruptFileException(source + ": is a model file, not a checkpoint (no training state); "
                    + "load it with Model.load, or save checkpoints with ModelCheckpoint");
        }
        String where = source + "!training.json";
        int epoch = JsonFields.intIn(s, "epoch", 0, Integer.MAX_VALUE, where);
        JsonFields.integer(s, "global_step", where);
        generatorState(s, where);
        layerGeneratorStates(s, where);
        Map<String, dev.synapse.tensor.Tensor> named = module.namedWeights();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : named.entrySet()) {
            Tensor saved = a.weights().get(e.getKey());
            if (saved == null) {
                problems.add("missing " + e.getKey());
            } else if (!saved.shape().equals(e.getValue().shape())) {
                problems.add(e.getKey() + " has shape " + saved.shape() + " in the checkpoint but " + e.getValue().shape());
            }
        }
        for (String k : a.weights().keySet()) {
            if (!named.containsKey(k)) {
                problems.add("unexpected " + k);
            }
        }
        if (!problems.isEmpty()) {
            throw new CorruptFileException(source + ": the checkpoint does not fit the module: "
                    + String.join("; ", problems.subList(0, Math.min(8, problems.size()))));
        }
        try (var scope = dev.synapse.autograd.GradMode.noGrad()) {
            named.forEach((k, t) -> t.assign(a.weights().get(k).to(t.dtype())));
        }
        if (a.optimizerSlots() != null) {
            ModelFiles.restoreOptimizer(a, optimizer, params, named, source);
        }
        restoreLoader(s, "train_loader", train, where);
        restoreLoader(s, "val_loader", validation, where);
        return epoch;
    }

    static long globalStep(ModelArchive a) {
        return (Long) a.training().get("global_step");
    }

    private static void restoreLoader(Map<String, Object> s, String key, Iterable<?> data, String where)
            throws CorruptFileException {
        Map<String, Object> m = JsonFields.optionalMap(s, key, where);
        if (m == null || !(data instanceof DataLoader l)) {
            return;
        }
        long seed = JsonFields.integer(m, "seed", where);
        int epoch = JsonFields.intIn(m, "epoch", 0, Integer.MAX_VALUE, where);
        if (seed != l.seed()) {
            throw new IllegalStateException(where + ": the " + key.replace('_', ' ') + " was built with seed " + l.seed()
                    + " but the checkpoint's used " + seed + "; build it with DataLoader.builder(...).seed(" + seed
                    + ") so the resumed epochs see the same order");
        }
        l.setEpoch(epoch);
    }

    private static long[] generatorState(Map<String, Object> s, String where) throws CorruptFileException {
        return generatorState(JsonFields.list(s, "generator", where), "generator", where);
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

    /** The saved states of layers' own generators by name (none in checkpoints of models without seeded layers). */
    private static Map<String, long[]> layerGeneratorStates(Map<String, Object> s, String where) throws CorruptFileException {
        Map<String, Object> saved = JsonFields.optionalMap(s, "layer_generators", where);
        Map<String, long[]> out = new LinkedHashMap<>();
        if (saved != null) {
            for (String name : saved.keySet()) {
                out.put(name, generatorState(JsonFields.list(saved, name, where), "layer_generators." + name, where));
            }
        }
        return out;
    }

    /** Restores callbacks' states (after their onTrainBegin) and, last, the random state. */
    static void restoreCallbacksAndRandom(ModelArchive a, String source, TrainingModule<?> module, List<Callback> callbacks)
            throws CorruptFileException {
        String where = source + "!training.json";
        Map<String, Object> states = JsonFields.optionalMap(a.training(), "callbacks", where);
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
                c.loadStateDict(state);
            } catch (RuntimeException e) {
                throw new CorruptFileException(where + ": state of callback " + key + ": " + e.getMessage(), e);
            }
        }
        Map<String, long[]> layerStates = layerGeneratorStates(a.training(), where);
        for (Map.Entry<String, Generator> e : module.namedGenerators().entrySet()) {
            long[] state = layerStates.get(e.getKey());
            if (state != null) {
                e.getValue().setState(state);
            }
        }
        Generator.global().setState(generatorState(a.training(), where));
    }
}
