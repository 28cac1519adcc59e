package dev.synapse.cuda;

import java.lang.foreign.MemorySegment;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** The shipped PTX modules loaded into one device's context, and a launcher for their kernels on its stream. */
final class Kernels {
    /** Grid-stride loops need no more blocks than this to fill any current GPU. */
    private static final long MAX_BLOCKS = 1L << 16;

    private final Driver driver;
    private final MemorySegment stream;
    private final Map<Kernel, MemorySegment> functions = new EnumMap<>(Kernel.class);

    Kernels(Driver driver, MemorySegment stream, String architecture) {
        this.driver = driver;
        this.stream = stream;
        Map<String, MemorySegment> modules = new HashMap<>();
        for (String name : Ptx.modules()) {
            modules.put(name, driver.loadModule(name + "." + architecture, Ptx.text(name, architecture)));
        }
        for (Kernel k : Kernel.values()) {
            MemorySegment module = modules.get(k.module);
            if (module == null) {
                throw new IllegalStateException("kernel " + k.entry + ": the jar has no PTX module " + k.module);
            }
            functions.put(k, driver.function(module, k.entry));
        }
    }

    /** Launches an elementwise kernel over {@code n} elements: enough blocks of {@link Kernel#THREADS} threads. */
    void launchElements(KernelArgs args, long n) {
        long blocks = Math.min(MAX_BLOCKS, (n + Kernel.THREADS - 1) / Kernel.THREADS);
        launch(args, (int) Math.max(1, blocks));
    }

    /** Launches a kernel with one block per output element (reductions), up to a grid-stride bound. */
    void launchBlocks(KernelArgs args, long outputs) {
        launch(args, (int) Math.max(1, Math.min(outputs, Integer.MAX_VALUE)));
    }

    private void launch(KernelArgs args, int blocks) {
        MemorySegment f = functions.get(args.kernel());
        if (f == null) {
            throw new IllegalStateException("kernel " + args.kernel().entry + " is not loaded");
        }
        driver.launch(args.kernel().entry, f, blocks, Kernel.THREADS, 0, stream, args.pointers());
    }
}
