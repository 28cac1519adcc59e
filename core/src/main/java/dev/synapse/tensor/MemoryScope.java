package dev.synapse.tensor;

import dev.synapse.backend.Storage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Deterministic release of device memory for one step of work: every tensor storage allocated on this thread while
 * the scope is open is released ({@link Storage#release()}) when it closes, unless it was kept. PyTorch frees a
 * CUDA tensor's block back to its caching allocator when the last reference goes; the JVM has no reference counts,
 * so the step says when its temporaries are dead instead, as DJL's {@code NDManager} does. Without a scope, device
 * memory is given back only when the garbage collector finds the storage unreachable.
 *
 * <pre>{@code
 * for (Batch b : loader) {
 *     try (var step = Synapse.stepScope()) {      // or MemoryScope.open()
 *         Tensor loss = lossFn.apply(model.apply(b.x(), true), b.y());
 *         loss.backward();
 *         optimizer.step(params);
 *         Optimizer.zeroGrad(params);
 *         lastLoss = step.keep(loss.detach());    // still readable after the step
 *     }
 * }
 * }</pre>
 *
 * <p>The {@code Trainer} (and so Keras's {@code fit}) opens one scope per training, validation, test and predict
 * step, so its users never release anything. What must outlive a step is kept where it is created: weights and
 * buffers, optimizer slots, the leaves' {@code grad()}, metric state, logged values, callbacks' copies. Scopes nest;
 * a scope belongs to the thread that opened it. Using a released tensor (a kernel, a host read, a view) throws an
 * {@link IllegalStateException} naming it. On the CPU, released arrays of at least 16,384 elements go back to the
 * backend's pool for the next tensor of their size (smaller ones, and arrays a tensor was made from with
 * {@code fromHost} or {@code Tensor.of}, stay with the garbage collector).
 */
public final class MemoryScope implements AutoCloseable {
    private static final ThreadLocal<@Nullable MemoryScope> CURRENT = new ThreadLocal<>();

    private final @Nullable MemoryScope parent;
    private final Thread thread;
    private final Set<Storage> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    private MemoryScope(@Nullable MemoryScope parent) {
        this.parent = parent;
        this.thread = Thread.currentThread();
    }

    /** Opens a scope on this thread, nested in the one open now if any. Close it with try-with-resources. */
    public static MemoryScope open() {
        MemoryScope s = new MemoryScope(CURRENT.get());
        CURRENT.set(s);
        return s;
    }

    /** The innermost scope open on this thread, or {@code null}. */
    public static @Nullable MemoryScope current() {
        return CURRENT.get();
    }

    /**
     * Registers the storage of a tensor just built on fresh storage with the innermost open scope, if any. Every
     * factory and op does this; code that builds tensors on storage from {@code Backend.allocate} or {@code
     * fromHost} itself calls it. Returns {@code t}.
     */
    public static Tensor track(Tensor t) {
        MemoryScope s = CURRENT.get();
        if (s != null && t.storage().releasable() && !t.storage().isReleased()) {
            s.owned.add(t.storage());
        }
        return t;
    }

    /**
     * Lets {@code t}'s storage (and so every view of it) outlive this scope: it passes to the enclosing scope, or to
     * no scope when this one is the outermost, as returning a tensor from a PyTorch function keeps it alive. Storage
     * that an outer scope owns already, or none, is left alone. Returns {@code t}.
     */
    public Tensor keep(Tensor t) {
        checkOpen("keep");
        Storage s = t.storage();
        for (MemoryScope m = CURRENT.get(); m != null; m = m.parent) {
            if (m.owned.remove(s)) {
                if (parent != null) {
                    parent.owned.add(s);
                }
                return t;
            }
            if (m == this) {
                return t;
            }
        }
        return t;
    }

    /**
     * Takes {@code t}'s storage out of every scope open on this thread, so that it lives until it is released
     * explicitly or becomes unreachable: for weights, optimizer state and anything else that outlives the step that
     * creates it ({@link Tensor#keep()}). Returns {@code t}.
     */
    public static Tensor persist(Tensor t) {
        untrack(t.storage());
        return t;
    }

    /** Takes {@code s} out of the scope of this thread that owns it; false when none does. */
    static boolean untrack(Storage s) {
        for (MemoryScope m = CURRENT.get(); m != null; m = m.parent) {
            if (m.owned.remove(s)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Closes this scope without releasing what it owns, and returns that for a scope on another thread: work done on
     * one thread for a step that runs on another (a {@code DataLoader} worker preparing a batch) belongs to that
     * step. Until {@link Handoff#adopt()}, the storages belong to no scope.
     */
    public Handoff handOff() {
        checkOpen("handOff");
        Handoff h = new Handoff(new ArrayList<>(owned));
        owned.clear();
        close();
        return h;
    }

    /** Storages handed from a scope on one thread to a scope on another; see {@link #handOff()}. */
    public static final class Handoff {
        private final List<Storage> storages;

        private Handoff(List<Storage> storages) {
            this.storages = storages;
        }

        /** Gives the storages to the innermost scope open on the calling thread; without one they belong to none. */
        public void adopt() {
            MemoryScope s = CURRENT.get();
            if (s != null) {
                s.owned.addAll(storages);
            }
        }
    }

    /** How many storages this scope would release if it closed now. */
    public int size() {
        return owned.size();
    }

    /**
     * Releases every storage this scope still owns, and closes first any scope opened inside it and left open.
     * Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("MemoryScope.close: the scope belongs to thread " + thread.getName()
                    + " but was closed from " + Thread.currentThread().getName()
                    + "; close it on the thread that opened it");
        }
        List<MemoryScope> inner = new ArrayList<>();
        for (MemoryScope m = CURRENT.get(); m != null && m != this; m = m.parent) {
            inner.add(m);
        }
        for (MemoryScope m : inner) {
            m.releaseAll();
        }
        releaseAll();
        CURRENT.set(parent);
    }

    private void releaseAll() {
        closed = true;
        for (Storage s : owned) {
            s.release();
        }
        owned.clear();
    }

    private void checkOpen(String op) {
        if (closed) {
            throw new IllegalStateException("MemoryScope." + op + ": the scope is closed and its tensors released; "
                    + "keep a tensor before the scope's try block ends");
        }
    }

    /**
     * Fails when {@code t}'s storage was released: backends call it before a kernel or a host read touches a
     * tensor, so that a tensor used after its step never reads memory that now holds another one.
     *
     * @param op the kernel or read, named in the message
     */
    public static void checkLive(Tensor t, String op) {
        if (t.storage().isReleased()) {
            throw released(op, t.dtype(), t.device(), t.dims());
        }
    }

    static IllegalStateException released(String op, DType dtype, Device device, int[] dims) {
        return new IllegalStateException(op + ": the " + dtype + " tensor of shape " + Shape.format(dims) + " on "
                + device + " was released: it was allocated inside a training step or MemoryScope, which gives its "
                + "tensors' memory back when it ends. To use a tensor after its step, keep it where it is created "
                + "(scope.keep(t) for the enclosing scope, t.keep() for good), or copy what you need out of it "
                + "inside the step");
    }

    /**
     * Adds {@code n} into the running total {@code sum} in place and returns it, or, when {@code sum} is null, starts
     * a total that outlives the step: state summed over steps (logged values, metric counts, check flags) stays one
     * tensor for the whole epoch instead of one per step left to the garbage collector.
     */
    public static Tensor accumulate(@Nullable Tensor sum, Tensor n) {
        if (sum == null) {
            return n.copy().keep();
        }
        sum.addInPlace(n);
        return sum;
    }
}
