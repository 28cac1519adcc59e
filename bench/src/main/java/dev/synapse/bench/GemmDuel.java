package dev.synapse.bench;

import dev.synapse.backend.cpu.Parallel;
import dev.synapse.cli.Flags;
import dev.synapse.cli.UsageException;
import dev.synapse.tensor.Device;
import dev.synapse.tensor.Tensor;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import jdk.incubator.vector.FloatVector;

/**
 * {@code ./synapse bench duel}: Synapse's SGEMM against libtorch's (through DJL) in one process, in rounds that
 * alternate the two, so that each round compares them on the same machine within a second. On a shared machine,
 * whose speed swings by a third within minutes, fresh processes per side and pass (the race) scatter too widely to
 * show a gap of a few percent; rounds paired like this do.
 *
 * <p>Each round times each side for at least {@code --round-seconds}, after a pause in which libtorch's OpenMP
 * workers stop spinning (they spin after each product, and would take a core from the side that follows). Per shape
 * it prints each side's median GFLOP/s and spread over the rounds, and Synapse's time over libtorch's per round:
 * the median, the quartiles, and in how many rounds Synapse was faster. Where libtorch cannot be loaded, it says so
 * and prints Synapse's figures alone.
 */
public final class GemmDuel {
    /** The libtorch side, in module bench-peers. */
    private static final String PEER_CLASS = "dev.synapse.bench.peers.DjlGemm";

    private GemmDuel() {}

    /** One product {@code (m x k) @ (k x n)}. */
    record Shape(int m, int k, int n) {
        /** {@code N} (square) or {@code MxKxN}. */
        static Shape parse(String text) {
            String[] p = text.strip().split("x");
            try {
                if (p.length == 1) {
                    int n = Integer.parseInt(p[0]);
                    return check(new Shape(n, n, n), text);
                }
                if (p.length == 3) {
                    return check(
                            new Shape(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])), text);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(
                    "duel: a shape is N (square) or MxKxN, with positive whole numbers, got '" + text + "'");
        }

        private static Shape check(Shape s, String text) {
            if (s.m <= 0 || s.k <= 0 || s.n <= 0) {
                throw new IllegalArgumentException("duel: shape sizes must be positive, got '" + text + "'");
            }
            return s;
        }

        double flops() {
            return 2.0 * m * k * n;
        }

        @Override
        public String toString() {
            return m == k && k == n ? "n=" + n : m + "x" + k + " @ " + k + "x" + n;
        }
    }

    /** Each side's GFLOP/s per round (libtorch's empty when it did not run). */
    record Result(double[] synapse, double[] libtorch) {
        /** Synapse's time over libtorch's per round: their rate over ours. */
        double[] timeRatio() {
            double[] r = new double[libtorch.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = libtorch[i] / synapse[i];
            }
            return r;
        }
    }

    /** Runs the duel and prints its table. */
    public static void main(String[] args) {
        Flags f = Flags.parse(
                "./synapse bench duel",
                "Synapse's SGEMM against libtorch's (DJL) in one process, alternating in paired rounds.",
                args);
        String shapesText =
                f.string("shapes", "1024,2048,256x784x512", "products: N (square) or MxKxN, comma-separated");
        int rounds = f.integer("rounds", 20, 2, "paired rounds per shape");
        double roundSeconds = f.real("round-seconds", 0.1, "time each side runs per round, at least");
        double warmSeconds = f.real("warmup-seconds", 4, "both sides warm up in turn this long per shape");
        int pauseMs = f.integer("pause-ms", 300, 0, "pause before each side's turn, in milliseconds");
        f.done();
        List<Shape> shapes = new ArrayList<>();
        for (String s : shapesText.split(",")) {
            try {
                shapes.add(Shape.parse(s));
            } catch (IllegalArgumentException e) {
                throw new UsageException("./synapse bench " + e.getMessage(), f.usage());
            }
        }
        int threads = Parallel.threads();
        Optional<Class<?>> peer = peerClass();
        System.out.printf(
                Locale.ROOT,
                "SGEMM duel: Synapse%s in one process, %d threads, %s, %s; %d rounds per shape of at least %.2f s per"
                        + " side, sides alternating, %d ms pause before each%n%n",
                peer.isPresent() ? " and libtorch (DJL)" : " alone",
                threads,
                Runtime.version(),
                FloatVector.SPECIES_PREFERRED,
                rounds,
                roundSeconds,
                pauseMs);
        for (Shape s : shapes) {
            Tensor a = Tensor.randn(s.m, s.k);
            Tensor b = Tensor.randn(s.k, s.n);
            Tensor out = Tensor.empty(a.dtype(), Device.CPU, s.m, s.n);
            Runnable ours = () -> a.backend().matmul(a, b, out);
            AutoCloseable theirs = peer.map(c -> newPeer(c, s, threads)).orElse(null);
            try {
                print(s, duel(s, ours, (Runnable) theirs, rounds, roundSeconds, warmSeconds, pauseMs), theirs);
            } finally {
                close(theirs);
            }
        }
    }

    /** The paired rounds of one shape; {@code theirs} null runs Synapse alone. */
    static Result duel(
            Shape s, Runnable ours, Runnable theirs, int rounds, double roundSeconds, double warmSeconds, int pauseMs) {
        // In turns of at most 0.2 s, so that both sides see the same stretch of the machine while C2 compiles ours.
        double slice = Math.min(0.2, warmSeconds);
        long warmEnd = System.nanoTime() + (long) (warmSeconds * 1e9);
        while (System.nanoTime() < warmEnd) {
            runFor(ours, slice);
            if (theirs != null) {
                runFor(theirs, slice);
            }
        }
        int oursReps = reps(ours, roundSeconds);
        int theirReps = theirs == null ? 0 : reps(theirs, roundSeconds);
        double[] synapse = new double[rounds];
        double[] libtorch = new double[theirs == null ? 0 : rounds];
        for (int round = 0; round < rounds; round++) {
            boolean oursFirst = round % 2 == 0;
            for (int turn = 0; turn < 2; turn++) {
                boolean isOurs = (turn == 0) == oursFirst;
                if (!isOurs && theirs == null) {
                    continue;
                }
                pause(pauseMs);
                int reps = isOurs ? oursReps : theirReps;
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    (isOurs ? ours : theirs).run();
                }
                double gflops = s.flops() * reps / (System.nanoTime() - t0);
                if (isOurs) {
                    synapse[round] = gflops;
                } else {
                    libtorch[round] = gflops;
                }
            }
        }
        return new Result(synapse, libtorch);
    }

    /** Products per round: enough for {@code seconds}, timed from one product. */
    private static int reps(Runnable side, double seconds) {
        long t0 = System.nanoTime();
        side.run();
        double one = Math.max(1, System.nanoTime() - t0) / 1e9;
        return (int) Math.max(1, Math.min(1_000_000, Math.ceil(seconds / one)));
    }

    private static void runFor(Runnable side, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        do {
            side.run();
        } while (System.nanoTime() < end);
    }

    private static void pause(int ms) {
        if (ms == 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("duel: interrupted", e);
        }
    }

    private static void print(Shape s, Result r, Object peer) {
        System.out.printf(Locale.ROOT, "%s%n", s);
        System.out.printf(Locale.ROOT, "  %-22s %s%n", "synapse", spread(r.synapse()));
        if (peer != null) {
            String peerName = peer.toString();
            System.out.printf(Locale.ROOT, "  %-22s %s%n", peerName, spread(r.libtorch()));
            double[] q = r.timeRatio();
            long faster = Arrays.stream(q).filter(x -> x < 1).count();
            Arrays.sort(q);
            System.out.printf(
                    Locale.ROOT,
                    "  Synapse time / %s time per round: median %.3f (quartiles %.3f – %.3f), Synapse faster in %d of %d%n",
                    peerName.split(" ")[0],
                    RaceStats.quantile(q, 0.5),
                    RaceStats.quantile(q, 0.25),
                    RaceStats.quantile(q, 0.75),
                    faster,
                    q.length);
        }
        System.out.println();
    }

    private static String spread(double[] gflops) {
        double[] v = gflops.clone();
        Arrays.sort(v);
        return String.format(
                Locale.ROOT, "%8.1f GFLOP/s median (%.1f – %.1f)", RaceStats.quantile(v, 0.5), v[0], v[v.length - 1]);
    }

    /**
     * The libtorch side from the class path that {@code ./synapse bench duel} builds (SYNAPSE_LIBTORCH_CP), or empty
     * with the reason printed.
     */
    private static Optional<Class<?>> peerClass() {
        String cp = System.getenv("SYNAPSE_LIBTORCH_CP");
        if (cp == null || cp.isBlank()) {
            System.out.println(Race.libtorchNotRun("duel"));
            return Optional.empty();
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                try {
                    urls.add(Path.of(entry).toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalArgumentException("duel: bad class path entry '" + entry + "'", e);
                }
            }
        }
        // DJL finds its engine through the context class loader; offline, with the race's native library cache.
        URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), GemmDuel.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        String cache = Race.DJL_CACHE.toAbsolutePath().toString();
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("slf4j.internal.verbosity", "ERROR"); // DJL logs through SLF4J, which has no provider here
        System.setProperty("DJL_CACHE_DIR", cache);
        System.setProperty("ENGINE_CACHE_DIR", cache);
        try {
            return Optional.of(Class.forName(PEER_CLASS, true, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            System.out.println("libtorch (DJL) not run: " + PEER_CLASS + " not loadable: " + e);
            return Optional.empty();
        }
    }

    private static AutoCloseable newPeer(Class<?> peer, Shape s, int threads) {
        try {
            return (AutoCloseable) peer.getConstructor(int.class, int.class, int.class, int.class)
                    .newInstance(s.m, s.k, s.n, threads);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("duel: libtorch (DJL) could not set up " + s + ": " + cause, cause);
        }
    }

    private static void close(AutoCloseable peer) {
        if (peer == null) {
            return;
        }
        try {
            peer.close();
        } catch (Exception e) {
            throw new IllegalStateException("duel: libtorch (DJL) could not free its arrays: " + e, e);
        }
    }
}
