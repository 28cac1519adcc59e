package dev.synapse.bench.peers;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * One float32 product in libtorch through DJL, for {@code ./synapse bench duel}, which runs it in turn with
 * Synapse's product in one process. The bench does not depend on DJL: it loads this class by name from the class
 * path of this module and uses it through {@link Runnable} and {@link AutoCloseable} alone.
 */
public final class DjlGemm implements Runnable, AutoCloseable {
    private final NDManager manager;
    private final NDArray a;
    private final NDArray b;

    /**
     * An {@code m x k} and a {@code k x n} matrix of normal values. {@code threads} fixes libtorch's intra-op
     * threads where this is the process's first use of the engine (libtorch reads it once, as it loads).
     */
    public DjlGemm(int m, int k, int n, int threads) {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        a = manager.randomNormal(new Shape(m, k));
        b = manager.randomNormal(new Shape(k, n));
    }

    /** {@code a @ b} into a new array, freed at once (as the race's libtorch side does). */
    @Override
    public void run() {
        a.matMul(b).close();
    }

    /** The peer's name and version, as the race prints them: {@code libtorch 2.7.1}. */
    @Override
    public String toString() {
        return "libtorch " + Engine.getEngine("PyTorch").getVersion();
    }

    @Override
    public void close() {
        manager.close();
    }
}
