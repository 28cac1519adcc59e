package dev.synapse.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A ring all-reduce over TCP between the replicas of one barrier stage, as Horovod's and Gloo's ring: a
 * reduce-scatter then an all-gather, each in {@code N - 1} rounds, so every replica sends and receives
 * {@code 2 (N - 1) / N} times the buffer whatever {@code N} is. Every replica receives the same bytes in the
 * all-gather, so replicas stay bit-identical; each segment is summed in a fixed order, so a rerun gives the same
 * bits.
 *
 * <p>Each replica listens on an ephemeral port, the addresses travel once through the barrier's
 * {@code allGather}, and replica {@code r} connects to {@code r + 1} and accepts {@code r - 1}. Reads and the
 * connection wait for at most the timeout; any failure closes both sockets and throws naming the peer.
 */
final class RingAllReduce implements GradientReducer {
    private final int rank;
    private final int size;
    private final String next;
    private final String previous;
    private final @Nullable SocketChannel out;
    private final @Nullable SocketChannel in;
    private final @Nullable ExecutorService sender;
    private final long timeoutMillis;
    private ByteBuffer sendBuffer = ByteBuffer.allocateDirect(0);
    private ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(0);

    private RingAllReduce(
            int rank,
            int size,
            String next,
            String previous,
            @Nullable SocketChannel out,
            @Nullable SocketChannel in,
            long timeoutMillis) {
        this.rank = rank;
        this.size = size;
        this.next = next;
        this.previous = previous;
        this.out = out;
        this.in = in;
        this.timeoutMillis = timeoutMillis;
        this.sender = size > 1 ? Executors.newSingleThreadExecutor(r -> daemon(r, rank)) : null;
    }

    private static Thread daemon(Runnable r, int rank) {
        Thread t = new Thread(r, "synapse-ring-send-" + rank);
        t.setDaemon(true);
        return t;
    }

    /**
     * Connects replica {@code rank} of {@code size} into the ring. {@code exchange} publishes this replica's address
     * and returns every replica's, by rank (the barrier's {@code allGather}).
     */
    static RingAllReduce connect(
            int rank,
            int size,
            String host,
            java.util.function.Function<String, List<String>> exchange,
            long timeoutMillis)
            throws IOException {
        if (size == 1) {
            return new RingAllReduce(0, 1, "", "", null, null, timeoutMillis);
        }
        ServerSocketChannel server = ServerSocketChannel.open();
        SocketChannel out = null;
        SocketChannel in = null;
        try {
            server.bind(new InetSocketAddress(host, 0));
            List<String> addresses =
                    exchange.apply(host + ":" + ((InetSocketAddress) server.getLocalAddress()).getPort());
            if (addresses.size() != size) {
                throw new IOException("ring all-reduce: " + addresses.size() + " addresses for " + size + " replicas");
            }
            String next = addresses.get((rank + 1) % size);
            String previous = addresses.get((rank + size - 1) % size);
            out = connectTo(next, timeoutMillis);
            in = accept(server.socket(), previous, timeoutMillis);
            return new RingAllReduce(rank, size, next, previous, out, in, timeoutMillis);
        } catch (IOException | RuntimeException e) {
            closeQuietly(out);
            closeQuietly(in);
            throw e;
        } finally {
            server.close();
        }
    }

    private static SocketChannel connectTo(String address, long timeoutMillis) throws IOException {
        int colon = address.lastIndexOf(':');
        InetSocketAddress target =
                new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            SocketChannel c = SocketChannel.open();
            try {
                c.socket().connect(target, (int) Math.max(1, Math.min(timeoutMillis, Integer.MAX_VALUE)));
                c.socket().setTcpNoDelay(true);
                return c;
            } catch (IOException e) {
                c.close();
                if (System.nanoTime() > deadline) {
                    throw new IOException(
                            "ring all-reduce: cannot connect to the next replica at " + address + " within "
                                    + timeoutMillis + " ms: " + e.getMessage(),
                            e);
                }
                sleep(50);
            }
        }
    }

    private static SocketChannel accept(ServerSocket server, String expected, long timeoutMillis) throws IOException {
        server.setSoTimeout((int) Math.max(1, Math.min(timeoutMillis, Integer.MAX_VALUE)));
        try {
            Socket s = server.accept();
            s.setTcpNoDelay(true);
            s.setSoTimeout((int) Math.max(1, Math.min(timeoutMillis, Integer.MAX_VALUE)));
            return s.getChannel();
        } catch (SocketTimeoutException e) {
            throw new IOException(
                    "ring all-reduce: the previous replica (" + expected + ") did not connect within " + timeoutMillis
                            + " ms",
                    e);
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("ring all-reduce: interrupted while connecting", e);
        }
    }

    @Override
    public void sumInPlace(float[] values) {
        if (size == 1) {
            return;
        }
        int n = values.length;
        int[] start = new int[size + 1];
        for (int s = 0; s <= size; s++) {
            start[s] = (int) ((long) n * s / size);
        }
        int largest = 0;
        for (int s = 0; s < size; s++) {
            largest = Math.max(largest, start[s + 1] - start[s]);
        }
        ensureBuffers(largest * Float.BYTES);
        try {
            // Reduce-scatter: after round k, segment (rank - k - 1) holds the sum of k + 2 replicas' values.
            for (int k = 0; k < size - 1; k++) {
                int send = Math.floorMod(rank - k, size);
                int receive = Math.floorMod(rank - k - 1, size);
                exchange(values, start[send], start[send + 1] - start[send], start[receive + 1] - start[receive]);
                FloatBuffer got = receiveBuffer.asFloatBuffer();
                for (int i = start[receive], j = 0; i < start[receive + 1]; i++, j++) {
                    values[i] += got.get(j);
                }
            }
            // All-gather: replica r now owns segment r + 1, complete; pass the complete segments around.
            for (int k = 0; k < size - 1; k++) {
                int send = Math.floorMod(rank + 1 - k, size);
                int receive = Math.floorMod(rank - k, size);
                exchange(values, start[send], start[send + 1] - start[send], start[receive + 1] - start[receive]);
                receiveBuffer.asFloatBuffer().get(values, start[receive], start[receive + 1] - start[receive]);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(
                    "ring all-reduce of " + n + " floats failed on replica " + rank + " of " + size + " (next " + next
                            + ", previous " + previous + "): " + e.getMessage(),
                    e);
        }
    }

    private void ensureBuffers(int bytes) {
        if (sendBuffer.capacity() < bytes) {
            sendBuffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
            receiveBuffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** Sends {@code count} floats from {@code offset} to the next replica while reading {@code expect} floats. */
    private void exchange(float[] values, int offset, int count, int expect) throws IOException {
        SocketChannel o = java.util.Objects.requireNonNull(out);
        SocketChannel i = java.util.Objects.requireNonNull(in);
        ExecutorService s = java.util.Objects.requireNonNull(sender);
        sendBuffer.clear();
        sendBuffer.asFloatBuffer().put(values, offset, count);
        sendBuffer.limit(count * Float.BYTES);
        // The write runs beside the read: every replica writes at once, and a segment larger than the socket
        // buffers would otherwise block all of them.
        Future<?> written = s.submit(() -> {
            while (sendBuffer.hasRemaining()) {
                o.write(sendBuffer);
            }
            return null;
        });
        receiveBuffer.clear();
        receiveBuffer.limit(expect * Float.BYTES);
        // The accepted socket carries the read timeout; a channel read ignores it, so read through its stream.
        java.io.InputStream stream = i.socket().getInputStream();
        byte[] chunk = new byte[Math.min(1 << 16, Math.max(1, expect * Float.BYTES))];
        while (receiveBuffer.hasRemaining()) {
            int r;
            try {
                r = stream.read(chunk, 0, Math.min(chunk.length, receiveBuffer.remaining()));
            } catch (SocketTimeoutException e) {
                throw new IOException(
                        "no data from the previous replica " + previous + " for " + timeoutMillis + " ms", e);
            }
            if (r < 0) {
                throw new IOException("the previous replica " + previous + " closed the connection");
            }
            receiveBuffer.put(chunk, 0, r);
        }
        receiveBuffer.flip();
        try {
            written.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending to " + next, e);
        } catch (ExecutionException e) {
            throw new IOException("sending to the next replica " + next + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            written.cancel(true);
            throw new IOException("sending to the next replica " + next + " took over " + timeoutMillis + " ms", e);
        }
    }

    @Override
    public void close() {
        if (sender != null) {
            sender.shutdownNow();
        }
        closeQuietly(out);
        closeQuietly(in);
    }

    private static void closeQuietly(@Nullable SocketChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // already failing or done: nothing more to release
            }
        }
    }
}
