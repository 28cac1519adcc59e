package dev.synapse.train;

import dev.synapse.autograd.GradMode;
import dev.synapse.data.ProgressBar;
import dev.synapse.nn.Policy;
import dev.synapse.ops.Arithmetic;
import dev.synapse.ops.AsyncAsserts;
import dev.synapse.optim.LossScaleOptimizer;
import dev.synapse.optim.Optimizer;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.MemoryScope;
import dev.synapse.tensor.Tensor;
import dev.synapse.train.loggers.Logger;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one training loop ({@code lightning.Trainer}; Keras's {@code fit} runs through it too). It
 * calls the module's steps, backpropagates, clips, steps the optimizer, runs validation, aggregates
 * logged values per epoch, and drives callbacks, the logger and the progress bar.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder().maxEpochs(5).logger(new TensorBoardLogger(dir, "mlp")).build();
 * History h = trainer.fit(module, trainLoader, valLoader);
 * }</pre>
 *
 * <p>The trainer puts the module's layers in training mode for training steps and in inference mode
 * for validation, test and predict ({@link TrainingModule#setTraining}), and gives every layer its
 * own mode back when it returns. Every loop checks its thread's interrupt flag between batches: an
 * interrupted run stops there and throws {@link TrainingInterruptedException}, flag kept.
 *
 * <p>Each training, validation, test and predict step runs in its own {@link MemoryScope}: the device memory of its
 * temporaries (activations, saved tensors, gradients) goes back to the device when the step ends, so memory in use
 * stays flat from step to step without the garbage collector. What outlives a step is kept where it is made
 * (weights, optimizer state); the outputs of validation steps live until {@code onValidationEpochEnd} has seen them,
 * and those of predict steps are returned: they belong to the scope open where {@code predict} is called, if any.
 */
public final class Trainer {
    /** How gradients are clipped before each optimizer step. */
    public enum ClipAlgorithm {
        NORM,
        VALUE
    }

    private final int maxEpochs;
    private final List<Callback> callbacks;
    private final @Nullable Logger logger;
    private final double gradientClipVal;
    private final ClipAlgorithm clipAlgorithm;
    private final int limitTrainBatches;
    private final int limitValBatches;
    private final int checkValEveryNEpoch;
    private final ProgressBar<Void> progress;
    private final boolean printSummary;
    private final PrintStream out;
    private final dev.synapse.tensor.@Nullable Device device;

    private int currentEpoch;
    private long globalStep;
    private boolean stopping;
    /** Checkpoints asked for during the epoch-end callbacks, written once they have all run. */
    private final List<java.nio.file.Path> pendingCheckpoints = new ArrayList<>();

    private boolean inEpochEnd;
    /** The loss scaler of {@link #lossScaledForPolicy}, kept from one fit to the next. */
    private @Nullable LossScaleOptimizer lossScaler;

    private Trainer(Builder b) {
        this.maxEpochs = b.maxEpochs;
        List<Callback> cs = new ArrayList<>(b.callbacks);
        if (b.profileSteps > 0) {
            cs.add(new StepProfiler(
                    b.profileSkip, b.profileSteps, b.out, dev.synapse.autograd.Profiler.SortBy.SELF, 20));
        }
        this.callbacks = List.copyOf(cs);
        this.logger = b.logger;
        this.gradientClipVal = b.gradientClipVal;
        this.clipAlgorithm = b.clipAlgorithm;
        this.limitTrainBatches = b.limitTrainBatches;
        this.limitValBatches = b.limitValBatches;
        this.checkValEveryNEpoch = b.checkValEveryNEpoch;
        this.out = b.out;
        this.progress = ProgressBar.epochs(b.out, b.verbose, b.interactive);
        this.printSummary = b.printSummary;
        this.device = b.device;
    }

    /** Starts the options: 1000 epochs at most (as Lightning), progress bar on, no logger. */
    public static Builder builder() {
        return new Builder();
    }

    /** The logger, or null. */
    public @Nullable Logger logger() {
        return logger;
    }

    /** The epoch being run, 0-based. */
    public int currentEpoch() {
        return currentEpoch;
    }

    /** Optimizer steps taken. */
    public long globalStep() {
        return globalStep;
    }

    /** Trains from epoch 0. */
    public <B> History fit(TrainingModule<B> module, Iterable<B> train, @Nullable Iterable<B> validation) {
        return fit(module, train, validation, 0);
    }

    /**
     * Trains for epochs {@code initialEpoch .. maxEpochs-1} (Keras's {@code initial_epoch}, for resuming),
     * validating after each epoch when {@code validation} is not null. Returns the per-epoch history.
     */
    public <B> History fit(
            TrainingModule<B> module, Iterable<B> train, @Nullable Iterable<B> validation, int initialEpoch) {
        try {
            return run(module, train, validation, initialEpoch, null, null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // only a resume reads files
        }
    }

    /**
     * Resumes training from a checkpoint written by {@code ModelCheckpoint} (Lightning's
     * {@code trainer.fit(model, ckpt_path=...)}): restores the module's weights, the optimizer's state
     * and step count, the trainer's step, the loaders' epochs, the callbacks' state and the global
     * random state, then runs the remaining epochs up to {@code maxEpochs}. On the CPU the result is
     * bit-identical to a run that was never interrupted, given the same module, loaders (same seeds)
     * and callbacks. A {@code null} path trains from scratch.
     */
    public <B> History fit(
            TrainingModule<B> module,
            Iterable<B> train,
            @Nullable Iterable<B> validation,
            java.nio.file.@Nullable Path ckptPath)
            throws java.io.IOException {
        if (ckptPath == null) {
            return run(module, train, validation, 0, null, null);
        }
        return run(module, train, validation, 0, dev.synapse.io.ModelArchive.read(ckptPath), ckptPath.toString());
    }

    private <B> History run(
            TrainingModule<B> module,
            Iterable<B> train,
            @Nullable Iterable<B> validation,
            int initialEpoch,
            dev.synapse.io.@Nullable ModelArchive resume,
            @Nullable String resumeSource)
            throws java.io.IOException {
        requireNonEmpty(train, "training");
        if (validation != null) {
            requireNonEmpty(validation, "validation");
        }
        // Placed before configureOptimizers, as Lightning does, so the optimizer is made for weights already there.
        place(module);
        Optimizer optimizer = lossScaledForPolicy(module.configureOptimizers());
        List<Tensor> params = module.parameters();
        checkDevice(module);
        History history = new History();
        List<Callback> all = new ArrayList<>(callbacks);
        all.add(history);
        TrainingContext context = new Context(optimizer, module, params, train, validation);
        for (Callback c : all) {
            c.setContext(context);
        }
        // The whole checkpoint is checked before anything is restored: a resume that fails changes nothing.
        CheckpointState.Restore restore = resume == null
                ? null
                : CheckpointState.check(
                        resume,
                        Objects.requireNonNull(resumeSource, "a resume names its source"),
                        module,
                        optimizer,
                        params,
                        train,
                        validation,
                        callbacks);
        if (restore != null) {
            restore.applyModelAndLoaders();
            initialEpoch = restore.epoch();
            globalStep = restore.globalStep();
        }
        if (printSummary) {
            printSummary(module);
        }
        stopping = false;
        pendingCheckpoints.clear();
        EpochLog trainLog = new EpochLog();
        EpochLog valLog = new EpochLog();
        Map<String, Double> logs = new LinkedHashMap<>();
        List<dev.synapse.nn.Layer.ModeSnapshot> modes = modeSnapshots(module);
        all.forEach(Callback::onTrainBegin);
        if (restore != null) {
            restore.applyCallbacksAndRandom();
        }
        try {
            for (int epoch = initialEpoch; epoch < maxEpochs && !stopping; epoch++) {
                currentEpoch = epoch;
                checkInterrupt("fit", history);
                for (Callback c : all) {
                    c.onEpochBegin(epoch);
                }
                StepLogs last = runTrainEpoch(module, train, optimizer, params, trainLog, all, epoch, history);
                if (last == null) {
                    throw new IllegalArgumentException("fit: the training data yielded no batches in epoch " + epoch
                            + ", so there is nothing to train on; give it at least one sample");
                }
                // The last batch's logs hold the epoch's results (unless the epoch-end hook logged more): read once,
                // shared with the callbacks that kept them.
                logs = new LinkedHashMap<>(last.current());
                if (validation != null && (epoch + 1) % checkValEveryNEpoch == 0) {
                    logs.putAll(runEvaluation(module, validation, valLog, limitValBatches, true, "fit", history));
                }
                checkInterrupt("fit", history);
                inEpochEnd = true;
                try {
                    for (Callback c : all) {
                        c.onEpochEnd(epoch, logs);
                    }
                } finally {
                    inEpochEnd = false;
                }
                for (java.nio.file.Path file : pendingCheckpoints) {
                    checkInterrupt("fit", history);
                    writeCheckpoint(file, module, optimizer, params, epoch + 1, train, validation);
                }
                pendingCheckpoints.clear();
                if (logger != null) {
                    logger.logMetrics(logs, epoch);
                }
                progress.endEpoch(logs);
            }
        } catch (RuntimeException e) {
            // Checks deferred by the failed step would otherwise fail a later, unrelated read.
            AsyncAsserts.discard();
            throw asInterruption(e, "fit", history);
        } finally {
            module.attach(null, null);
            restore(modes);
            // NIO channels refuse to write while the flag is set: lower it so that callbacks and the
            // logger can finish their files, then raise it again for the caller.
            boolean interrupted = Thread.interrupted();
            try {
                for (Callback c : all) {
                    c.onTrainEnd(logs);
                }
                if (logger != null) {
                    logger.finish();
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return history;
    }

    /** Fails when {@code data} is known to hold no batches: there would be nothing to train or validate on. */
    private static void requireNonEmpty(Iterable<?> data, String what) {
        boolean empty = data instanceof Collection<?> c
                ? c.isEmpty()
                : data instanceof Sized s
                        ? s.size() == 0
                        : data instanceof dev.synapse.data.DataLoader loader && loader.size() == 0;
        if (empty) {
            throw new IllegalArgumentException("fit: the " + what + " data holds no batches (0 samples), so there is "
                    + "nothing to " + (what.equals("training") ? "train" : "validate") + " on; give it at least one "
                    + "sample" + (what.equals("training") ? "" : ", or pass no validation data to skip validation"));
        }
    }

    /** Throws when the running thread has been interrupted, keeping its flag set. */
    private void checkInterrupt(String loop, @Nullable History history) {
        if (Thread.currentThread().isInterrupted()) {
            throw interruption(loop, history, null);
        }
    }

    /**
     * {@code e} as a {@link TrainingInterruptedException} when it comes from an interruption (a loader's wait, a file
     * write).
     */
    private RuntimeException asInterruption(RuntimeException e, String loop, @Nullable History history) {
        if (e instanceof TrainingInterruptedException || !Thread.currentThread().isInterrupted()) {
            return e;
        }
        return interruption(loop, history, e);
    }

    private TrainingInterruptedException interruption(
            String loop, @Nullable History history, @Nullable Throwable cause) {
        String where = history == null
                ? ""
                : " in epoch " + currentEpoch + " (" + history.epochs().size() + " epochs finished, " + globalStep
                        + " optimizer steps)";
        return new TrainingInterruptedException(
                loop + ": the thread was interrupted, so " + loop + " stopped between " + "batches" + where
                        + "; the interrupt flag is still set",
                history,
                cause);
    }

    private static List<dev.synapse.nn.Layer.ModeSnapshot> modeSnapshots(TrainingModule<?> module) {
        List<dev.synapse.nn.Layer.ModeSnapshot> out = new ArrayList<>();
        for (dev.synapse.nn.Layer l : module.layers()) {
            out.add(l.modeSnapshot());
        }
        return out;
    }

    private static void restore(List<dev.synapse.nn.Layer.ModeSnapshot> modes) {
        for (dev.synapse.nn.Layer.ModeSnapshot m : modes) {
            m.restore();
        }
    }

    private void writeCheckpoint(
            java.nio.file.Path file,
            TrainingModule<?> module,
            Optimizer optimizer,
            List<Tensor> params,
            int epochsDone,
            Iterable<?> train,
            @Nullable Iterable<?> validation) {
        try {
            CheckpointState.capture(module, optimizer, params, epochsDone, globalStep, train, validation, callbacks)
                    .write(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The module's optimizer, wrapped in a {@link LossScaleOptimizer} when layers compute in float16 ({@code
     * mixed_float16}), as Lightning's precision plugin wraps it in a {@code GradScaler}. The trainer keeps its
     * wrapper while the module hands it the same optimizer, so the scale found goes on from one fit to the next;
     * checkpoints save it with the optimizer's slots. (Keras's {@code compile} wraps the optimizer itself.)
     */
    // The same optimizer object, not an equal one: its slots and step count are what the scaler wraps.
    @SuppressWarnings("ReferenceEquality")
    private Optimizer lossScaledForPolicy(Optimizer optimizer) {
        if (!LossScaleOptimizer.needed(optimizer, Policy.global().computeDtype())) {
            return optimizer;
        }
        LossScaleOptimizer scaler = lossScaler;
        if (scaler == null || scaler.inner() != optimizer) {
            scaler = new LossScaleOptimizer(optimizer);
            lossScaler = scaler;
        }
        return scaler;
    }

    /** Runs one training epoch; returns the logs after its last batch, or null when it had no batch. */
    private <B> @Nullable StepLogs runTrainEpoch(
            TrainingModule<B> module,
            Iterable<B> train,
            Optimizer optimizer,
            List<Tensor> params,
            EpochLog log,
            List<Callback> all,
            int epoch,
            History history) {
        log.clear();
        module.attach(this, log);
        module.setTraining(true);
        module.onTrainEpochStart();
        int total = limit(sizeOf(train), limitTrainBatches);
        progress.startEpoch(epoch, maxEpochs, total);
        int i = 0;
        StepLogs running = null;
        // The batch is taken inside the step's scope, so that what loading it allocates goes with the step.
        for (java.util.Iterator<B> batches = train.iterator(); batches.hasNext(); ) {
            if (limitTrainBatches > 0 && i >= limitTrainBatches) {
                break;
            }
            checkInterrupt("fit", history);
            try (var _ = MemoryScope.open()) {
                B batch = batches.next();
                for (Callback c : all) {
                    c.onTrainBatchBegin(i);
                }
                log.batch(i);
                // Index and label checks stay on the device until the logs are read (AsyncAsserts).
                try (var _ = AsyncAsserts.defer()) {
                    Tensor loss = module.trainingStep(toDevice(batch), i);
                    if (loss != null) {
                        module.onBeforeBackward(loss);
                        LossScaleOptimizer scaler = optimizer instanceof LossScaleOptimizer l ? l : null;
                        (scaler == null ? loss : scaler.scaleLoss(loss)).backward();
                        module.onAfterBackward();
                        if (scaler != null) {
                            // Clipping thresholds are in the loss's own units: unscale before clipping.
                            scaler.unscaleGradients(params);
                        }
                        clipGradients(params);
                        if (scaler != null) {
                            scaler.stepUnscaled(params);
                        } else {
                            optimizer.step(params);
                        }
                        Optimizer.zeroGrad(params);
                        globalStep++;
                    }
                }
            }
            running = log.lazyValues();
            // The bar first: when it redraws it reads the logs, and callbacks that look at every batch then find
            // them read.
            progress.update(i + 1, running);
            for (Callback c : all) {
                c.onTrainBatchEnd(i, running);
            }
            i++;
            if (stopping) {
                break;
            }
        }
        module.onTrainEpochEnd();
        return running;
    }

    /**
     * Runs the validation or test steps over {@code data} in inference mode; the caller restores the
     * layers' modes (fit switches back to training mode at the next epoch).
     */
    private <B> Map<String, Double> runEvaluation(
            TrainingModule<B> module,
            Iterable<B> data,
            EpochLog log,
            int limit,
            boolean validation,
            String loop,
            @Nullable History history) {
        log.clear();
        module.attach(this, log);
        module.setTraining(false);
        List<Object> outputs = new ArrayList<>();
        // The steps' outputs live in the outer scope until onValidationEpochEnd has seen them.
        try (var _ = GradMode.noGrad();
                var _ = MemoryScope.open()) {
            int i = 0;
            for (java.util.Iterator<B> batches = data.iterator(); batches.hasNext(); ) {
                if (limit > 0 && i >= limit) {
                    break;
                }
                checkInterrupt(loop, history);
                try (var step = MemoryScope.open()) {
                    B onDevice = toDevice(batches.next());
                    log.batch(i);
                    try (var _ = AsyncAsserts.defer()) {
                        Object out = validation ? module.validationStep(onDevice, i) : module.testStep(onDevice, i);
                        outputs.add(keepAll(out, step));
                    }
                }
                i++;
            }
            if (validation) {
                module.onValidationEpochEnd(outputs);
            }
        }
        return log.values();
    }

    /**
     * Runs one validation pass in inference mode and returns what the module logged
     * ({@code trainer.validate}); the layers get their modes back afterwards.
     */
    public <B> Map<String, Double> validate(TrainingModule<B> module, Iterable<B> validation) {
        place(module);
        List<dev.synapse.nn.Layer.ModeSnapshot> modes = modeSnapshots(module);
        try {
            return runEvaluation(module, validation, new EpochLog(), limitValBatches, true, "validate", null);
        } catch (RuntimeException e) {
            throw asInterruption(e, "validate", null);
        } finally {
            module.attach(null, null);
            restore(modes);
        }
    }

    /**
     * Runs the test steps over {@code data} in inference mode and returns what the module logged
     * ({@code trainer.test}); the layers get their modes back afterwards.
     */
    public <B> Map<String, Double> test(TrainingModule<B> module, Iterable<B> data) {
        place(module);
        List<dev.synapse.nn.Layer.ModeSnapshot> modes = modeSnapshots(module);
        try {
            return runEvaluation(module, data, new EpochLog(), 0, false, "test", null);
        } catch (RuntimeException e) {
            throw asInterruption(e, "test", null);
        } finally {
            module.attach(null, null);
            restore(modes);
        }
    }

    /**
     * The predict step's output for every batch, in inference mode and without recording gradients
     * ({@code trainer.predict}); the layers get their modes back afterwards.
     */
    public <B> List<Object> predict(TrainingModule<B> module, Iterable<B> data) {
        place(module);
        List<dev.synapse.nn.Layer.ModeSnapshot> modes = modeSnapshots(module);
        List<Object> outputs = new ArrayList<>();
        module.setTraining(false);
        try (var _ = GradMode.noGrad()) {
            int i = 0;
            for (java.util.Iterator<B> batches = data.iterator(); batches.hasNext(); ) {
                checkInterrupt("predict", null);
                try (var step = MemoryScope.open()) {
                    outputs.add(keepAll(module.predictStep(toDevice(batches.next()), i++), step));
                }
            }
        } catch (RuntimeException e) {
            throw asInterruption(e, "predict", null);
        } finally {
            restore(modes);
        }
        return outputs;
    }

    /** Moves the module's layers to the trainer's device, if it has one (Lightning moves the module at setup). */
    private void place(TrainingModule<?> module) {
        if (device != null) {
            for (dev.synapse.nn.Layer l : module.layers()) {
                l.to(device);
            }
        }
    }

    /** The device this trainer runs on, or {@code null} when it leaves modules and batches where they are. */
    public dev.synapse.tensor.@Nullable Device device() {
        return device;
    }

    /**
     * Keeps the tensors of a step's output ({@code Tensor}, or a list, map or array holding tensors) past the step's
     * scope: they belong to the enclosing scope, or to none, as tensors the caller made itself. Returns {@code out}.
     */
    private static @Nullable Object keepAll(@Nullable Object out, MemoryScope step) {
        switch (out) {
            case Tensor t -> step.keep(t);
            case Collection<?> c -> c.forEach(o -> keepAll(o, step));
            case Map<?, ?> m -> m.values().forEach(o -> keepAll(o, step));
            case Object[] a -> {
                for (Object o : a) {
                    keepAll(o, step);
                }
            }
            case dev.synapse.data.Batch b -> {
                keepAll(b.x(), step);
                keepAll(b.y(), step);
            }
            case null, default -> {}
        }
        return out;
    }

    /** Fails before the first step when the module's weights are not on the trainer's device. */
    private void checkDevice(TrainingModule<?> module) {
        if (device == null) {
            return;
        }
        dev.synapse.backend.Backends.get(device);
        for (Map.Entry<String, Tensor> e : module.namedWeights().entrySet()) {
            if (!e.getValue().device().equals(device)) {
                throw new IllegalStateException("Trainer: weight '" + e.getKey() + "' is on "
                        + e.getValue().device() + " but the trainer runs on " + device + "; move the model to " + device
                        + " before fit");
            }
        }
    }

    /** Moves a {@link dev.synapse.data.Batch} to the trainer's device; other batch types are the module's business. */
    @SuppressWarnings("unchecked")
    private <B> B toDevice(B batch) {
        if (device == null
                || !(batch instanceof dev.synapse.data.Batch b)
                || b.x().device().equals(device)) {
            return batch;
        }
        return (B) new dev.synapse.data.Batch(b.x().to(device), b.y() == null ? null : b.y().to(device));
    }

    private void clipGradients(List<Tensor> params) {
        if (gradientClipVal <= 0) {
            return;
        }
        try (var _ = GradMode.noGrad()) {
            if (clipAlgorithm == ClipAlgorithm.VALUE) {
                for (Tensor p : params) {
                    if (p.grad() != null) {
                        p.setGrad(p.grad().clamp(-gradientClipVal, gradientClipVal));
                    }
                }
                return;
            }
            // On the gradients' device, without reading the norm: the scale is 1 when the norm is within bounds.
            Tensor total = null;
            for (Tensor p : params) {
                if (p.grad() != null) {
                    Tensor sq = p.grad().square().sum().to(DType.FLOAT64);
                    total = total == null ? sq : total.add(sq);
                }
            }
            if (total == null) {
                return;
            }
            Tensor norm = total.sqrt();
            Tensor scale = Arithmetic.where(
                    norm.gt(gradientClipVal),
                    norm.add(1e-6).rdiv(gradientClipVal),
                    Tensor.scalarLike(1, DType.FLOAT64, norm));
            for (Tensor p : params) {
                if (p.grad() != null) {
                    p.setGrad(p.grad().mul(scale.to(p.grad().dtype())));
                }
            }
        }
    }

    private void printSummary(TrainingModule<?> module) {
        List<String[]> rows = module.summaryRows();
        long total = 0;
        for (String[] r : rows) {
            total += Long.parseLong(r[2]);
        }
        long trainable = 0;
        for (Tensor p : module.parameters()) {
            trainable += p.size();
        }
        int nameWidth =
                Math.max(4, rows.stream().mapToInt(r -> r[0].length()).max().orElse(4));
        int typeWidth =
                Math.max(4, rows.stream().mapToInt(r -> r[1].length()).max().orElse(4));
        String fmt = "%-3s| %-" + nameWidth + "s | %-" + typeWidth + "s | %-7s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, fmt, "", "Name", "Type", "Params"));
        sb.append("-".repeat(nameWidth + typeWidth + 19)).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            sb.append(String.format(Locale.ROOT, fmt, i, r[0], r[1], human(Long.parseLong(r[2]))));
        }
        sb.append("-".repeat(nameWidth + typeWidth + 19)).append('\n');
        sb.append(String.format(Locale.ROOT, "%-10s Trainable params%n", human(trainable)));
        sb.append(String.format(Locale.ROOT, "%-10s Non-trainable params%n", human(Math.max(0, total - trainable))));
        sb.append(String.format(Locale.ROOT, "%-10s Total params%n", human(Math.max(total, trainable))));
        sb.append(String.format(
                Locale.ROOT, "%-10.3f Total estimated model params size (MB)%n", Math.max(total, trainable) * 4 / 1e6));
        out.print(sb);
    }

    /** Lightning's compact counts: 101 K, 1.2 M. */
    static String human(long n) {
        if (n < 1000) {
            return Long.toString(n);
        } else if (n < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f K", n / 1e3).replace(".0 K", " K");
        }
        return String.format(Locale.ROOT, "%.1f M", n / 1e6);
    }

    private static int sizeOf(Iterable<?> data) {
        if (data instanceof Collection<?> c) {
            return c.size();
        }
        if (data instanceof Sized s) {
            return s.size();
        }
        if (data instanceof dev.synapse.data.DataLoader loader) {
            return loader.size();
        }
        return 0;
    }

    private static int limit(int size, int limit) {
        return limit > 0 && (size == 0 || limit < size) ? limit : size;
    }

    /** Loaders that know their number of batches, for the progress bar. */
    public interface Sized {
        int size();
    }

    private final class Context implements TrainingContext {
        private final Optimizer optimizer;
        private final TrainingModule<?> module;
        private final List<Tensor> params;
        private final Iterable<?> train;
        private final @Nullable Iterable<?> validation;

        Context(
                Optimizer optimizer,
                TrainingModule<?> module,
                List<Tensor> params,
                Iterable<?> train,
                @Nullable Iterable<?> validation) {
            this.optimizer = optimizer;
            this.module = module;
            this.params = params;
            this.train = train;
            this.validation = validation;
        }

        @Override
        public void saveCheckpoint(java.nio.file.Path file) throws java.io.IOException {
            if (inEpochEnd) {
                pendingCheckpoints.add(file);
            } else {
                CheckpointState.capture(
                                module, optimizer, params, currentEpoch + 1, globalStep, train, validation, callbacks)
                        .write(file);
            }
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
            return module.namedWeights();
        }

        @Override
        public void saveModel(java.nio.file.Path file) throws java.io.IOException {
            module.saveModel(file);
        }
    }

    /** Options of a {@link Trainer}. */
    public static final class Builder {
        /** A builder with Lightning's defaults; {@link Trainer#builder()} is the usual way in. */
        public Builder() {}

        private int maxEpochs = 1000;
        private final List<Callback> callbacks = new ArrayList<>();
        private @Nullable Logger logger;
        private double gradientClipVal;
        private ClipAlgorithm clipAlgorithm = ClipAlgorithm.NORM;
        private int limitTrainBatches;
        private int limitValBatches;
        private int checkValEveryNEpoch = 1;
        private int verbose = 1;
        private boolean interactive =
                System.console() != null && System.console().isTerminal();
        private boolean printSummary = true;
        private PrintStream out = System.out;
        private dev.synapse.tensor.@Nullable Device device;
        private @Nullable String accelerator;
        private @Nullable String devicesSpec;
        private int profileSkip;
        private int profileSteps;

        /** Epochs to run ({@code max_epochs}). */
        public Builder maxEpochs(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxEpochs must not be negative, got " + n);
            }
            this.maxEpochs = n;
            return this;
        }

        /** Adds callbacks. */
        public Builder callbacks(Callback... cs) {
            callbacks.addAll(List.of(cs));
            return this;
        }

        /** Adds callbacks. */
        public Builder callbacks(List<Callback> cs) {
            callbacks.addAll(cs);
            return this;
        }

        /** Where epoch metrics go (TensorBoardLogger, CSVLogger). */
        public Builder logger(Logger logger) {
            this.logger = logger;
            return this;
        }

        /** Clips gradients to this global norm ({@code gradient_clip_val}, algorithm "norm"). */
        public Builder gradientClipVal(double value) {
            return gradientClip(value, ClipAlgorithm.NORM);
        }

        /** Clips gradients by global norm or by value. */
        public Builder gradientClip(double value, ClipAlgorithm algorithm) {
            if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException(
                        "gradientClipVal must be a finite number, 0 or more (0 turns " + "clipping off), got " + value);
            }
            java.util.Objects.requireNonNull(algorithm, "gradientClip: the clip algorithm must not be null");
            this.gradientClipVal = value;
            this.clipAlgorithm = algorithm;
            return this;
        }

        /** Runs at most this many training batches per epoch ({@code limit_train_batches}); 0 means all. */
        public Builder limitTrainBatches(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("limitTrainBatches must be 0 (all) or more, got " + n);
            }
            this.limitTrainBatches = n;
            return this;
        }

        /** Runs at most this many validation batches ({@code limit_val_batches}); 0 means all. */
        public Builder limitValBatches(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("limitValBatches must be 0 (all) or more, got " + n);
            }
            this.limitValBatches = n;
            return this;
        }

        /** Validates after every n-th epoch only ({@code check_val_every_n_epoch}, Keras's {@code validation_freq}). */
        public Builder checkValEveryNEpoch(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("checkValEveryNEpoch must be at least 1, got " + n);
            }
            this.checkValEveryNEpoch = n;
            return this;
        }

        /** 0 silent, 1 progress bar, 2 one line per epoch. */
        public Builder verbose(int verbose) {
            if (verbose < 0 || verbose > 2) {
                throw new IllegalArgumentException(
                        "verbose must be 0 (silent), 1 (progress bar) or 2 (one line per " + "epoch), got " + verbose);
            }
            this.verbose = verbose;
            return this;
        }

        /**
         * Profiles {@code steps} training steps after the first {@code skip} and prints their per-op table to the
         * {@link #output} (Lightning's {@code Trainer(profiler="simple")}; see {@link StepProfiler}).
         */
        public Builder profiler(int skip, int steps) {
            if (skip < 0 || steps < 1) {
                throw new IllegalArgumentException(
                        "profiler: expected skip >= 0 and steps >= 1, got skip " + skip + ", steps " + steps);
            }
            this.profileSkip = skip;
            this.profileSteps = steps;
            return this;
        }

        /** Whether to print the parameter table when fit starts (Lightning does, Keras does not). */
        public Builder printSummary(boolean print) {
            this.printSummary = print;
            return this;
        }

        /** Where the progress bar and summary go, and whether it is a terminal (redraw in place). */
        public Builder output(PrintStream out, boolean interactive) {
            this.out = out;
            this.interactive = interactive;
            return this;
        }

        /**
         * The device to train on: the module's {@link TrainingModule#layers()} are moved there before {@code
         * configureOptimizers}, and each {@link dev.synapse.data.Batch} once per step (PyTorch's {@code
         * model.to(device)} and {@code batch.to(device)}); weights the module holds outside its layers must
         * already be there. Overrides {@link #accelerator} and {@link #devices}.
         */
        public Builder device(dev.synapse.tensor.Device device) {
            this.device = java.util.Objects.requireNonNull(device, "device");
            return this;
        }

        /**
         * The kind of device, as Lightning's {@code accelerator}: {@code "cpu"}, {@code "cuda"} (or {@code
         * "gpu"}), {@code "emulated"}, or {@code "auto"} (a CUDA device when a CUDA backend is on the class
         * path, else the default device); device number from {@link #devices}, 0 unless given.
         *
         * @throws IllegalArgumentException naming the known accelerators when {@code name} is not one
         */
        public Builder accelerator(String name) {
            this.accelerator = Placement.accelerator(name);
            return this;
        }

        /**
         * How many devices, as Lightning's {@code devices=1}: one, the only count a single process trains
         * on here.
         *
         * @throws IllegalArgumentException for any other count
         */
        public Builder devices(int count) {
            this.devicesSpec = Placement.count(count);
            return this;
        }

        /**
         * Which device, as Lightning's {@code devices="1"} or {@code devices="auto"}: a count ({@code "1"},
         * {@code "auto"}) or a device ({@code "emulated:1"}, {@code "cuda:0"}, whose type must then agree with
         * {@link #accelerator}).
         *
         * @throws IllegalArgumentException for another count or a malformed device
         */
        public Builder devices(String spec) {
            this.devicesSpec = Placement.devices(spec);
            return this;
        }

        /**
         * The trainer with these options.
         *
         * @throws IllegalArgumentException when the accelerator and devices disagree, or no backend provides
         *     the chosen device
         */
        public Trainer build() {
            if (device == null && (accelerator != null || devicesSpec != null)) {
                device = Placement.resolve(accelerator, devicesSpec);
            }
            if (device != null) {
                dev.synapse.backend.Backends.get(device);
            }
            return new Trainer(this);
        }
    }
}
