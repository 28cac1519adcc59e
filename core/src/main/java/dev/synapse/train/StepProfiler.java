package dev.synapse.train;

import dev.synapse.autograd.Profiler;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Profiles some training steps of a fit and prints the per-op table ({@link Profiler#table}) when they are done, as
 * Lightning's {@code Trainer(profiler="simple")} and {@code torch.profiler.schedule(wait=..., active=...)}: the first
 * {@code skip} steps run unprofiled (warm-up: the JIT compiles, buffers settle), the next {@code steps} are recorded,
 * each step from its batch's start to its end, without the data loader's wait. {@link Trainer.Builder#profiler} adds
 * one; add it yourself as a callback to read {@link #profile()} afterwards.
 */
public final class StepProfiler implements Callback {
    private final int skip;
    private final int steps;
    private final @Nullable PrintStream out;
    private final Profiler.SortBy sortBy;
    private final int rows;
    private int seen;
    private @Nullable Profiler profiler;
    private boolean done;

    /**
     * @param skip training steps run before the profile starts, at least 0
     * @param steps training steps profiled, at least 1
     * @param out where the table goes when the profile ends, or null to print nothing
     * @param rows rows of the printed table, at least 1
     */
    public StepProfiler(int skip, int steps, @Nullable PrintStream out, Profiler.SortBy sortBy, int rows) {
        if (skip < 0 || steps < 1 || rows < 1) {
            throw new IllegalArgumentException("StepProfiler: expected skip >= 0, steps >= 1 and rows >= 1, got skip "
                    + skip + ", steps " + steps + ", rows " + rows);
        }
        this.skip = skip;
        this.steps = steps;
        this.out = out;
        this.sortBy = Objects.requireNonNull(sortBy, "sortBy");
        this.rows = rows;
    }

    /** The finished profile, or null until its steps have run (or training ended). */
    public @Nullable Profiler profile() {
        return done ? profiler : null;
    }

    @Override
    public void onTrainBatchBegin(int batch) {
        if (!done && profiler == null && seen == skip) {
            profiler = Profiler.start();
        }
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        seen++;
        Profiler p = profiler;
        if (p != null && !done) {
            p.step();
            if (p.steps() == steps) {
                finish(p);
            }
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        Profiler p = profiler;
        if (p != null && !done) {
            finish(p);
        }
    }

    private void finish(Profiler p) {
        p.close();
        done = true;
        if (out != null) {
            out.printf("Profile of %d training step%s after %d:%n", p.steps(), p.steps() == 1 ? "" : "s", skip);
            out.print(p.table(sortBy, rows));
        }
    }
}
