package dev.synapse.internal;

import dev.synapse.autograd.Node;
import dev.synapse.backend.Storage;
import dev.synapse.tensor.DType;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import java.lang.invoke.MethodHandles;
import org.jspecify.annotations.Nullable;

/**
 * {@link Tensor}'s internal hooks for the engine's other packages (ops, autograd, backends, collation):
 * the raw view constructor and the two graph hooks, kept out of {@code Tensor}'s public API. The
 * package is not exported from the module; {@code Tensor} installs the one instance when its class is
 * initialized, as the JDK's {@code SharedSecrets}.
 */
public interface TensorAccess {
    /** A view on {@code storage}, checked against it ({@code Tensor}'s constructor). */
    Tensor view(Storage storage, int[] shape, long[] strides, long offset);

    /** Makes {@code t} the output of a recorded node (used by {@code Autograd.record}). */
    void attachGradFn(Tensor t, Node node);

    /**
     * Adds {@code g} to the leaf {@code t}'s gradient (used by the reverse sweep). With {@code owned}, nothing else
     * holds {@code g}'s storage, and a first gradient takes it as it is instead of a copy.
     */
    void accumulateGrad(Tensor t, Tensor g, boolean owned);

    /**
     * {@code Tensor.empty} without the zero-fill ({@code torch.empty}): for a kernel's output every element of which
     * the kernel writes ({@code Backend.allocateUninitialized}). Same checks and errors as {@code Tensor.empty}.
     */
    Tensor uninitialized(DType dtype, Device device, int[] shape);

    /** The instance {@code Tensor} installed; initializes {@code Tensor} first if nothing has yet. */
    static TensorAccess get() {
        TensorAccess a = Holder.access;
        if (a == null) {
            try {
                MethodHandles.lookup().ensureInitialized(Tensor.class);
            } catch (IllegalAccessException e) {
                throw new AssertionError("Tensor is public", e);
            }
            a = Holder.access;
            if (a == null) {
                throw new IllegalStateException("Tensor did not install its TensorAccess");
            }
        }
        return a;
    }

    /** Called once, by {@code Tensor}'s static initializer. */
    static void install(TensorAccess access) {
        if (Holder.access != null) {
            throw new IllegalStateException("TensorAccess is installed once, by Tensor");
        }
        Holder.access = access;
    }

    /** Where the instance lives (an interface has no mutable static fields of its own). */
    final class Holder {
        private static volatile @Nullable TensorAccess access;

        private Holder() {}
    }
}
