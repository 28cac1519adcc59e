package dev.synapse.ops;

import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Index and label checks whose verdict stays on the device until the host next reads from it, as PyTorch's
 * {@code torch._assert_async} and CUDA's device-side asserts. Inside a {@link #defer()} scope (the Trainer's steps)
 * an op on a device other than the CPU records a bool "failed" tensor instead of reading its indices back; the
 * failures are counted on the device, and the next host read of that device (any {@code item()},
 * {@code toFloatArray()}, or a reader that folds them into its own read through {@link #take}) throws the first
 * failed check's error, with the same message an eager check gives, before the values read are trusted. Outside
 * such a scope, and always on the CPU, where reading costs no synchronisation, checks read the host at once so that
 * the error points at the op.
 *
 * <p>Pending checks belong to the thread that ran the ops. After {@value #MAX_PENDING} of them on one device
 * without a read they are verified at once (one host read), which bounds the inputs they keep alive.
 */
public final class AsyncAsserts {
    static final int MAX_PENDING = 4096;
    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    private AsyncAsserts() {}

    private static final class State {
        int deferDepth;
        final Map<Device, Pending> pending = new LinkedHashMap<>();
    }

    private static final class Pending {
        /** How many checks failed, a float64 scalar on the device. */
        Tensor failures;

        /**
         * The first failure, float64 {@code [check number, flat position, value]} on the device: the same few bytes
         * however many checks are pending, and no input of a step kept alive. Meaningless while nothing failed.
         */
        final Tensor first;

        /** How each check, in the order they ran, turns its first failing element into the eager check's error. */
        final List<Failure> checks = new ArrayList<>();

        Pending(Tensor failures, Tensor first) {
            this.failures = failures;
            this.first = first;
        }

        /** Gives the device memory back: it was kept past its steps only until read. */
        void release() {
            failures.storage().release();
            first.storage().release();
        }
    }

    /**
     * Throws a deferred check's error for the first element that failed it, from the element's position and value
     * alone: the checked tensor itself may already be released (it belonged to a step).
     */
    @FunctionalInterface
    public interface Failure {
        /**
         * Throws the error the eager check gives for the element at flat position {@code flat} (row-major order of
         * the checked tensor), which holds {@code value} (widened to float64).
         */
        void raise(long flat, double value);
    }

    /** Ends a {@link #defer()} scope. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Defers the checks of ops on non-CPU devices run by this thread until the scope closes: they no longer read
     * the host. Scopes nest. Closing does not verify: the pending checks wait for the next host read.
     */
    public static Scope defer() {
        State s = STATE.get();
        s.deferDepth++;
        return new Scope() {
            private boolean closed;

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    s.deferDepth--;
                }
            }
        };
    }

    /** Whether a check of a tensor on {@code device} should be recorded with {@link #record} rather than read now. */
    public static boolean deferring(Device device) {
        return !device.equals(Device.CPU) && STATE.get().deferDepth > 0;
    }

    /**
     * Records a deferred check of {@code values}: element {@code i} failed when element {@code i} of the bool tensor
     * {@code failed} (as many elements, same order) is true. The device keeps, besides the failure count, the first
     * failing position and its value; when a read finds a failure, {@code failure} turns them into the error.
     */
    public static void record(Tensor failed, Tensor values, Failure failure) {
        Objects.requireNonNull(failure, "failure");
        if (failed.dtype() != DType.BOOL) {
            throw new IllegalArgumentException(
                    "AsyncAsserts.record: expected a bool tensor, got " + failed.dtype() + " " + failed.shape());
        }
        if (failed.size() != values.size() || failed.size() == 0) {
            throw new IllegalArgumentException(
                    "AsyncAsserts.record: the verdict " + failed.shape() + " and the values checked " + values.shape()
                            + " must have the same, non-zero, number of elements");
        }
        Device device = failed.device();
        OpSupport.sameDevice("AsyncAsserts.record", failed, values);
        Tensor flat = failed.reshape(-1);
        Tensor any = flat.any().to(DType.FLOAT64);
        // argmax gives the first of the largest, so the first failing element: the one an eager check throws for.
        Tensor position = flat.to(DType.INT32).argmax().reshape(1);
        Tensor value = Indexing.selectInRange(values.detach().reshape(-1), position);
        Pending p = STATE.get().pending.get(device);
        Tensor checkNumber = Tensor.scalarLike(p == null ? 0 : p.checks.size(), DType.FLOAT64, any)
                .reshape(1);
        Tensor candidate = Tensor.concat(0, checkNumber, position.to(DType.FLOAT64), value.to(DType.FLOAT64));
        if (p == null) {
            p = new Pending(
                    dev.synapse.tensor.MemoryScope.accumulate(null, any),
                    candidate.copy().keep());
            STATE.get().pending.put(device, p);
        } else {
            Tensor firstFailure = p.failures.eq(0).and(any.gt(0));
            p.first.assign(Tensor.where(firstFailure, candidate, p.first));
            p.failures = dev.synapse.tensor.MemoryScope.accumulate(p.failures, any);
        }
        p.checks.add(failure);
        if (p.checks.size() >= MAX_PENDING) {
            verify(device);
        }
    }

    /**
     * Takes the pending checks of {@code device} for a reader that reads their failure count together with its own
     * values (one host read instead of two), or null when none is pending. The reader then calls
     * {@link Taken#settle} with the count it read, or {@link Taken#putBack} when its read failed.
     */
    public static @Nullable Taken take(Device device) {
        State s = STATE.get();
        Pending p = s.pending.remove(device);
        return p == null ? null : new Taken(s, device, p);
    }

    /** Pending checks taken out by {@link #take}, until the host has read how many failed. */
    public static final class Taken {
        private final State state;
        private final Device device;
        private final Pending pending;

        private Taken(State state, Device device, Pending pending) {
            this.state = state;
            this.device = device;
            this.pending = pending;
        }

        /** How many of the checks failed: a float64 scalar on the device. */
        public Tensor failures() {
            return pending.failures;
        }

        /** Throws the first failed check's error when {@code failures}, the value read, is positive. */
        public void settle(double failures) {
            try {
                if (failures == 0) {
                    return;
                }
                double[] first = pending.first.toDoubleArray();
                pending.checks.get((int) first[0]).raise((long) first[1], first[2]);
                throw new IllegalStateException(failures + " index or label check(s) failed on " + device
                        + ", but the first of them named no error for its element " + (long) first[1] + " (value "
                        + first[2] + "); run on the CPU to see where");
            } finally {
                pending.release();
            }
        }

        /** Makes the checks pending again (the read failed before their count was known). */
        public void putBack() {
            Pending newer = state.pending.put(device, pending);
            if (newer != null) {
                // Checks recorded during the failed read come after the ones taken out.
                Tensor firstFailure = pending.failures.eq(0).and(newer.failures.gt(0));
                Tensor zero = Tensor.scalarLike(0, DType.FLOAT64, newer.first).reshape(1);
                Tensor taken = Tensor.scalarLike(pending.checks.size(), DType.FLOAT64, newer.first)
                        .reshape(1);
                Tensor shifted = newer.first.add(Tensor.concat(0, taken, zero, zero));
                pending.first.assign(Tensor.where(firstFailure, shifted, pending.first));
                pending.failures = dev.synapse.tensor.MemoryScope.accumulate(pending.failures, newer.failures);
                pending.checks.addAll(newer.checks);
                newer.release();
            }
        }
    }

    /** Reads the pending checks of {@code device}, if any, with one host read, and throws the first failure. */
    public static void verify(Device device) {
        if (STATE.get().pending.isEmpty()) {
            return;
        }
        // Taken out while the count is read: that read is itself a host read, which comes back here.
        Taken taken = take(device);
        if (taken == null) {
            return;
        }
        double n;
        try {
            n = taken.failures().item();
        } catch (RuntimeException e) {
            taken.putBack();
            throw e;
        }
        taken.settle(n);
    }

    /** Forgets every pending check of this thread without reading it (after a step failed for another reason). */
    public static void discard() {
        Map<Device, Pending> pending = STATE.get().pending;
        pending.values().forEach(Pending::release);
        pending.clear();
    }
}
