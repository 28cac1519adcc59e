package dev.synapse.data;

import dev.synapse.tensor.Generator;
import dev.synapse.tensor.MemoryScope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Batches a {@link Dataset}: PyTorch's {@code torch.utils.data.DataLoader} ({@code batch_size},
 * {@code shuffle}, {@code drop_last}, {@code num_workers}, {@code prefetch_factor}).
 *
 * <pre>{@code
 * var loader = DataLoader.builder(train).batchSize(256).shuffle(true).numWorkers(2).build();
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     for (Batch b : loader) { ... b.x() ... b.y() ... }     // a new order every epoch
 * }
 * }</pre>
 *
 * <p><b>Reproducible.</b> The loader's seed (given, or drawn from the global generator when the loader
 * is built, so {@code Synapse.setSeed} fixes it) decides the order of every epoch, and each sample is
 * computed with its own generator seeded from (seed, epoch, index) and installed in
 * {@link SampleRandom}. Batches are therefore identical, in order and content, whatever the number
 * of workers.
 *
 * <p><b>Prefetch.</b> With {@code numWorkers > 0}, daemon worker threads compute whole batches ahead of
 * the training loop, at most {@code numWorkers * prefetch} in flight; batches are handed out in order.
 * Each {@link #iterator()} is one epoch. Breaking out of a loop early is safe: call
 * {@link LoaderIterator#close()} to drop the batches in flight, and {@link #close()} to stop the
 * workers at once; idle workers also exit by themselves after a few seconds.
 *
 * <p><b>Errors.</b> A sample whose read or transform fails, or a batch whose collation fails, ends the
 * epoch with a {@link DataLoaderException} naming the epoch, the batch and the sample's dataset index,
 * the original exception as its cause.
 */
public final class DataLoader implements Iterable<Batch>, AutoCloseable {
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final int numWorkers;
    private final int prefetch;
    private final long seed;
    private final Function<List<Sample>, Batch> collate;
    private final AtomicInteger nextEpoch = new AtomicInteger();
    private final String threadPrefix = "synapse-loader-" + POOL_IDS.incrementAndGet() + "-";
    /**
     * Epochs being iterated on worker threads, so that {@link #close()} can end them. Held weakly: an
     * epoch abandoned without {@code close()} must not stay in memory until the loader is closed.
     */
    private final Set<LoaderIterator> running =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private @Nullable ThreadPoolExecutor pool;

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.numWorkers = b.numWorkers;
        this.prefetch = b.prefetch;
        this.seed = b.seed != null ? b.seed : Generator.global().nextLong();
        this.collate = b.collate;
    }

    /** Starts a loader over {@code dataset}; defaults: batch 1, in order, keep the last short batch, no workers. */
    public static Builder builder(Dataset dataset) {
        return new Builder(dataset);
    }

    /** Options of a {@link DataLoader}. */
    public static final class Builder {
        private final Dataset dataset;
        private int batchSize = 1;
        private boolean shuffle;
        private boolean dropLast;
        private int numWorkers;
        private int prefetch = 2;
        private @Nullable Long seed;
        private Function<List<Sample>, Batch> collate = Batch::collate;

        private Builder(Dataset dataset) {
            if (dataset == null) {
                throw new IllegalArgumentException("DataLoader: dataset is null");
            }
            this.dataset = dataset;
        }

        /** Samples per batch ({@code batch_size}). */
        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("DataLoader: batchSize must be positive, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** A new random order every epoch ({@code shuffle=True}). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Drops the last batch when it is smaller than {@code batchSize} ({@code drop_last}). */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Worker threads that prepare batches ahead ({@code num_workers}); 0 loads on the caller's thread. */
        public Builder numWorkers(int numWorkers) {
            if (numWorkers < 0) {
                throw new IllegalArgumentException("DataLoader: numWorkers must be 0 or more, got " + numWorkers);
            }
            this.numWorkers = numWorkers;
            return this;
        }

        /** Batches in flight per worker ({@code prefetch_factor}, default 2). */
        public Builder prefetch(int prefetch) {
            if (prefetch <= 0) {
                throw new IllegalArgumentException("DataLoader: prefetch must be positive, got " + prefetch);
            }
            this.prefetch = prefetch;
            return this;
        }

        /**
         * The seed of the shuffles and of per-sample augmentation ({@code generator=torch.Generator().manual_seed(s)}).
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** How a list of samples becomes a batch ({@code collate_fn}); default {@link Batch#collate}. */
        public Builder collate(Function<List<Sample>, Batch> collate) {
            this.collate = collate;
            return this;
        }

        /** The loader. */
        public DataLoader build() {
            return new DataLoader(this);
        }
    }

    /** Number of batches an epoch yields ({@code len(loader)}). */
    public int size() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The dataset being batched. */
    public Dataset dataset() {
        return dataset;
    }

    /** Samples per batch. */
    public int batchSize() {
        return batchSize;
    }

    /** The seed in use (given or drawn at build time). */
    public long seed() {
        return seed;
    }

    /** The epoch the next {@link #iterator()} will produce (0 for a new loader). */
    public int epoch() {
        return nextEpoch.get();
    }

    /**
     * Makes the next {@link #iterator()} produce {@code epoch}, e.g. to resume from a checkpoint
     * ({@code sampler.set_epoch}).
     */
    public void setEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("DataLoader: epoch must be 0 or more, got " + epoch);
        }
        nextEpoch.set(epoch);
    }

    /** The sample indices of {@code epoch} in the order they are loaded, dropped tail included. */
    public int[] order(int epoch) {
        int n = dataset.size();
        if (!shuffle) {
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            return p;
        }
        return new Generator(SampleRandom.mix(seed ^ SampleRandom.mix(epoch + 0x51ED27L))).permutation(n);
    }

    /** One epoch: the next epoch's batches, in order. */
    @Override
    public LoaderIterator iterator() {
        return new LoaderIterator(nextEpoch.getAndIncrement());
    }

    /**
     * Stops the worker threads now; batches in flight are dropped. An epoch being iterated on workers
     * ends: a thread waiting in its {@code next()}, or calling it later, gets an
     * {@link IllegalStateException} saying the loader was closed. The loader can still be iterated
     * afterwards (a new epoch starts new workers).
     */
    @Override
    public void close() {
        List<LoaderIterator> ending;
        synchronized (running) {
            ending = new ArrayList<>(running);
            running.clear();
        }
        // Waiters are woken before the pool is stopped, so none waits on a task the pool dropped.
        for (LoaderIterator it : ending) {
            it.stop(true);
        }
        ThreadPoolExecutor stopping;
        synchronized (this) {
            stopping = pool;
            pool = null;
        }
        if (stopping != null) {
            // Tasks still queued are never run: cancel them, so no future stays pending for ever.
            for (Runnable queued : stopping.shutdownNow()) {
                if (queued instanceof Future<?> f) {
                    f.cancel(false);
                }
            }
            try {
                stopping.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized ThreadPoolExecutor pool() {
        if (pool == null) {
            AtomicInteger threadIds = new AtomicInteger();
            ThreadFactory factory = r -> {
                Thread t = new Thread(r, threadPrefix + threadIds.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            pool = new ThreadPoolExecutor(
                    numWorkers, numWorkers, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
            pool.allowCoreThreadTimeOut(true);
        }
        return pool;
    }

    /** The name prefix of this loader's worker threads. */
    String threadPrefix() {
        return threadPrefix;
    }

    private Batch loadBatch(int epoch, int[] order, int batchIndex) {
        int start = batchIndex * batchSize;
        int end = Math.min(start + batchSize, order.length);
        List<Sample> samples = new ArrayList<>(end - start);
        for (int i = start; i < end; i++) {
            int index = order[i];
            Generator g = new Generator(SampleRandom.sampleSeed(seed, epoch, index));
            try {
                samples.add(SampleRandom.with(g, () -> dataset.get(index)));
            } catch (RuntimeException e) {
                throw new DataLoaderException(epoch, batchIndex, index, e);
            }
        }
        try {
            return collate.apply(samples);
        } catch (RuntimeException e) {
            throw new DataLoaderException(epoch, batchIndex, -1, e);
        }
    }

    /** A batch prepared by a worker, with the device memory it allocated, for the consumer's memory scope. */
    private record Loaded(Batch batch, MemoryScope.Handoff memory) {}

    /**
     * The batches of one epoch, for one consuming thread. {@link #close()} drops the batches being
     * prepared ahead; the loader's {@link DataLoader#close()} may end it from another thread.
     */
    public final class LoaderIterator implements Iterator<Batch>, AutoCloseable {
        private final int epoch;
        private final int[] order;
        private final int batches;
        // Guarded by this iterator: the consumer and a thread closing the loader both reach them.
        private final ArrayDeque<Future<Loaded>> inFlight = new ArrayDeque<>();
        private @Nullable Future<Loaded> awaited;
        private int handedOut;
        private int submitted;
        private boolean closed;
        private boolean loaderClosed;

        private LoaderIterator(int epoch) {
            this.epoch = epoch;
            this.order = order(epoch);
            this.batches = size();
            if (numWorkers > 0 && batches > 0) {
                running.add(this);
                int ahead = Math.min(batches, numWorkers * prefetch);
                synchronized (this) {
                    while (!closed && submitted < ahead) {
                        submitNext();
                    }
                }
            }
        }

        /** The epoch this iterator produces. */
        public int epoch() {
            return epoch;
        }

        /** True while batches remain; stays true after the loader was closed, so that {@code next()} says so. */
        @Override
        public synchronized boolean hasNext() {
            return loaderClosed || (!closed && handedOut < batches);
        }

        @Override
        public Batch next() {
            int b;
            Future<Loaded> f;
            synchronized (this) {
                if (loaderClosed) {
                    throw loaderClosed(handedOut, null);
                }
                if (!hasNext()) {
                    throw new NoSuchElementException("DataLoader: epoch " + epoch + " has no more batches");
                }
                b = handedOut++;
                if (numWorkers == 0) {
                    f = null;
                } else {
                    f = inFlight.poll();
                    awaited = f;
                    if (submitted < batches) {
                        submitNext();
                    }
                }
            }
            if (f == null) {
                return loadBatch(epoch, order, b);
            }
            try {
                Loaded loaded = f.get();
                loaded.memory().adopt();
                return loaded.batch();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException(
                        "DataLoader: interrupted while waiting for batch " + b + " of epoch " + epoch, e);
            } catch (ExecutionException e) {
                close();
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(
                        "DataLoader: batch " + b + " of epoch " + epoch + " failed: " + cause, cause);
            } catch (CancellationException e) {
                synchronized (this) {
                    if (loaderClosed) {
                        throw loaderClosed(b, e);
                    }
                }
                throw new IllegalStateException(
                        "DataLoader: batch " + b + " of epoch " + epoch
                                + " was cancelled because its iterator was closed",
                        e);
            } finally {
                synchronized (this) {
                    awaited = null;
                    if (handedOut == batches) {
                        running.remove(this);
                    }
                }
            }
        }

        private IllegalStateException loaderClosed(int b, @Nullable Throwable cause) {
            return new IllegalStateException(
                    "DataLoader: the loader was closed while epoch " + epoch + " was being iterated (" + "batch " + b
                            + " of " + batches + " not delivered); start a new epoch with iterator() to go on",
                    cause);
        }

        private void submitNext() {
            int b = submitted++;
            inFlight.add(pool().submit(() -> {
                // What the worker allocates for the batch belongs to the step that takes it, on the consuming thread.
                try (var scope = MemoryScope.open()) {
                    Batch batch = loadBatch(epoch, order, b);
                    return new Loaded(batch, scope.handOff());
                }
            }));
        }

        /** Cancels the batches being prepared for this epoch. */
        @Override
        public void close() {
            stop(false);
        }

        /** Ends the epoch and cancels its batches, waking a thread waiting in {@link #next()}. */
        private synchronized void stop(boolean byLoader) {
            closed = true;
            loaderClosed |= byLoader;
            running.remove(this);
            if (awaited != null) {
                awaited.cancel(true);
            }
            Future<Loaded> f;
            while ((f = inFlight.poll()) != null) {
                f.cancel(true);
            }
        }
    }
}
