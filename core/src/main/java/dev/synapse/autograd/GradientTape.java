package dev.synapse.autograd;

import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * TensorFlow's {@code tf.GradientTape}: the TensorFlow-style face of the same define-by-run graph
 * that {@link Tensor#backward()} uses.
 *
 * <pre>{@code
 * Tensor x = Tensor.scalar(3.0);
 * try (var tape = GradientTape.open()) {
 *     tape.watch(x);
 *     Tensor y = x.mul(x);
 *     Tensor dydx = tape.gradient(y, x);   // 6.0
 * }
 * }</pre>
 *
 * <p>Trainable variables (tensors with {@code requiresGrad}) are watched automatically; {@link #watch}
 * makes a plain tensor a source, for the lifetime of the tape. Several tapes may record the same
 * computation at once (a GAN's generator and discriminator tapes): each computes its own gradients
 * from the shared graph. A tape that is not persistent answers {@link #gradient} once, and frees the tensors the
 * graph saved as it goes (as {@link Tensor#backward()}) unless another tape is open on the thread, which may still
 * need them; a persistent tape keeps them.
 *
 * <p>Device memory of the step's tensors is given back when the step's {@link dev.synapse.tensor.MemoryScope}
 * closes: in a custom loop, open one per step, {@code try (var step = Synapse.stepScope()) { ... }}.
 */
public final class GradientTape implements AutoCloseable {
    /** Tapes open on each thread: while several are, a gradient may not free the graph the others share. */
    private static final ThreadLocal<int[]> OPEN = ThreadLocal.withInitial(() -> new int[1]);

    private final boolean persistent;
    private final List<Tensor> watched = new ArrayList<>();
    private boolean used;
    private boolean closed;

    private GradientTape(boolean persistent) {
        this.persistent = persistent;
        OPEN.get()[0]++;
    }

    /** Opens a tape that can compute gradients once. */
    public static GradientTape open() {
        return new GradientTape(false);
    }

    /** Opens a tape that can compute gradients any number of times ({@code persistent=True}). */
    public static GradientTape openPersistent() {
        return new GradientTape(true);
    }

    /** Makes {@code tensors} gradient sources: ops on them from now on are recorded. */
    public void watch(Tensor... tensors) {
        for (Tensor t : tensors) {
            if (!t.dtype().isFloating()) {
                throw new IllegalArgumentException(
                        "GradientTape.watch: only float tensors can have gradients, got " + t.dtype());
            }
            if (!t.requiresGrad()) {
                t.requiresGrad(true);
                watched.add(t);
            }
        }
    }

    /** d(target)/d(source); {@code null} when the source does not influence the target. */
    public Tensor gradient(Tensor target, Tensor source) {
        return gradient(target, new Tensor[] {source})[0];
    }

    /**
     * d(target)/d(source) for each source. A non-scalar target is summed first, as TensorFlow does;
     * an entry is {@code null} where that source does not influence the target.
     *
     * @throws IllegalStateException when a tensor the recorded ops saved was modified in place since
     *     (an optimizer applied before this gradient was taken, say)
     */
    public Tensor[] gradient(Tensor target, Tensor... sources) {
        if (closed) {
            throw new IllegalStateException(
                    "GradientTape.gradient: the tape is closed; call gradient inside its try block");
        }
        if (used && !persistent) {
            throw new IllegalStateException("GradientTape.gradient: a non-persistent tape computes gradients once; "
                    + "open it with GradientTape.openPersistent() to call gradient several times");
        }
        used = true;
        if (!target.requiresGrad()) {
            return new Tensor[sources.length];
        }
        boolean shared = OPEN.get()[0] > 1;
        return Autograd.grad(target, null, sources, false, persistent || shared);
    }

    /** List form of {@link #gradient(Tensor, Tensor...)}, for a model's trainable weights. */
    public List<Tensor> gradient(Tensor target, List<Tensor> sources) {
        return Arrays.asList(gradient(target, sources.toArray(new Tensor[0])));
    }

    /** Stops watching the tensors this tape marked; variables that required gradients keep them. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            OPEN.get()[0]--;
            for (Tensor t : watched) {
                t.requiresGrad(false);
            }
        }
    }
}
