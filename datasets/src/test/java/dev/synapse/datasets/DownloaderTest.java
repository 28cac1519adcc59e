package dev.synapse.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download path against a real HTTP server on 127.0.0.1. */
class DownloaderTest {
    private static final byte[] CONTENT = content(200_000);

    @TempDir
    Path dir;

    private HttpServer server;
    private final java.util.concurrent.CountDownLatch gateReached = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final List<String> ranges = new CopyOnWriteArrayList<>();

    private static byte[] content(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >> 7));
        }
        return b;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/good/", ex -> {
            count(ex);
            send(ex, 200, CONTENT);
        });
        server.createContext("/missing/", ex -> {
            count(ex);
            send(ex, 404, "not here".getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/wrong/", ex -> {
            count(ex);
            byte[] bad = CONTENT.clone();
            bad[1000] ^= 1;
            send(ex, 200, bad);
        });
        server.createContext("/flaky/", ex -> {
            count(ex);
            String range = ex.getRequestHeaders().getFirst("Range");
            if (range == null) {
                // Promise the whole file, deliver half, hang up.
                ex.sendResponseHeaders(200, CONTENT.length);
                OutputStream out = ex.getResponseBody();
                out.write(CONTENT, 0, CONTENT.length / 2);
                out.flush();
                ex.close();
                return;
            }
            ranges.add(range);
            int from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
            ex.getResponseHeaders()
                    .add("Content-Range", "bytes " + from + "-" + (CONTENT.length - 1) + "/" + CONTENT.length);
            byte[] rest = java.util.Arrays.copyOfRange(CONTENT, from, CONTENT.length);
            send(ex, 206, rest);
        });
        server.createContext("/slow/", ex -> {
            count(ex);
            // Half now, half later: fetchers started together overlap while this one is in flight.
            ex.sendResponseHeaders(200, CONTENT.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(CONTENT, 0, CONTENT.length / 2);
                out.flush();
                Thread.sleep(300);
                out.write(CONTENT, CONTENT.length / 2, CONTENT.length - CONTENT.length / 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.createContext("/gate/", ex -> {
            count(ex);
            // Half, then wait until the test opens the gate.
            ex.sendResponseHeaders(200, CONTENT.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(CONTENT, 0, CONTENT.length / 2);
                out.flush();
                gateReached.countDown();
                gate.await(30, java.util.concurrent.TimeUnit.SECONDS);
                out.write(CONTENT, CONTENT.length / 2, CONTENT.length - CONTENT.length / 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void count(HttpExchange ex) {
        hits.computeIfAbsent(ex.getRequestURI().getPath().split("/")[1], k -> new AtomicInteger())
                .incrementAndGet();
    }

    private static void send(HttpExchange ex, int code, byte[] body) throws IOException {
        ex.sendResponseHeaders(code, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path + "/data.bin");
    }

    private static RemoteFile file(List<URI> urls) throws IOException {
        return new RemoteFile(
                "test-set",
                "data.bin",
                urls,
                CONTENT.length,
                Downloader.sha256(new ByteArrayInputStream(CONTENT)),
                List.of());
    }

    private static Downloader downloader() {
        return new Downloader(HttpClient.newHttpClient(), false);
    }

    private int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    @Test
    void downloadsVerifiesAndNeverDownloadsTwice() throws IOException {
        RemoteFile f = file(List.of(url("good")));
        Path p = downloader().fetch(f, dir);
        assertEquals(dir.resolve("data.bin"), p);
        assertArrayEquals(CONTENT, Files.readAllBytes(p));
        assertFalse(Files.exists(dir.resolve("data.bin.part")));
        Path again = downloader().fetch(f, dir);
        assertEquals(p, again);
        assertEquals(1, hits("good"));
        try (var files = Files.list(dir)) {
            assertEquals(
                    java.util.Set.of(p, dir.resolve("data.bin.lock")),
                    java.util.Set.copyOf(files.toList()),
                    "nothing but the file and its empty lock file is kept");
        }
        assertEquals(0, Files.size(dir.resolve("data.bin.lock")));
    }

    @Test
    void concurrentFetchesOfOneFileTakeTurnsAndDownloadOnce() throws Exception {
        RemoteFile f = file(List.of(url("slow")));
        int n = 4;
        var start = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            List<java.util.concurrent.Future<Path>> got = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                got.add(pool.submit(() -> {
                    start.await();
                    return downloader().fetch(f, dir);
                }));
            }
            start.countDown();
            for (var g : got) {
                assertEquals(dir.resolve("data.bin"), g.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(dir.resolve("data.bin")));
        assertEquals(1, hits("slow"), "the others waited and used the downloaded file");
        try (var files = Files.list(dir)) {
            assertEquals(
                    java.util.Set.of(dir.resolve("data.bin"), dir.resolve("data.bin.lock")),
                    java.util.Set.copyOf(files.toList()),
                    "no partial file is left");
        }
    }

    /** Another process's fetch: {@code URL DIR SIZE SHA256}. */
    public static final class OtherProcess {
        public static void main(String[] args) {
            RemoteFile f = new RemoteFile(
                    "test-set", "data.bin", List.of(URI.create(args[0])), Long.parseLong(args[2]), args[3], List.of());
            new Downloader(HttpClient.newHttpClient(), false).fetch(f, Path.of(args[1]));
        }
    }

    @Test
    void aFetchInAnotherProcessIsWaitedFor() throws Exception {
        RemoteFile f = file(List.of(url("gate")));
        Process other = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        OtherProcess.class.getName(),
                        url("gate").toString(),
                        dir.toString(),
                        Long.toString(f.size()),
                        f.sha256())
                .redirectErrorStream(true)
                .start();
        try {
            assertTrue(
                    gateReached.await(60, java.util.concurrent.TimeUnit.SECONDS),
                    "the other process started its download");
            var mine = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> downloader().fetch(f, dir));
            // Time for this fetch to reach the server if it did not wait (a fresh HTTP client is slow to start).
            for (int i = 0; i < 20 && hits("gate") == 1; i++) {
                Thread.sleep(50);
            }
            assertEquals(1, hits("gate"), "this fetch waits while the other process holds the lock");
            assertFalse(mine.isDone());
            gate.countDown();
            assertEquals(dir.resolve("data.bin"), mine.get(30, java.util.concurrent.TimeUnit.SECONDS));
            String said = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, other.waitFor(), said);
        } finally {
            other.destroy();
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(dir.resolve("data.bin")));
        assertEquals(1, hits("gate"), "this process used the other's download");
        try (var files = Files.list(dir)) {
            assertEquals(
                    java.util.Set.of(dir.resolve("data.bin"), dir.resolve("data.bin.lock")),
                    java.util.Set.copyOf(files.toList()),
                    "no partial file is left");
        }
    }

    @Test
    void aSameSizeReplacementWithItsTimeRestoredIsNotTrusted() throws IOException {
        RemoteFile f = file(List.of(url("good")));
        Path p = downloader().fetch(f, dir);
        FileTime time = Files.getLastModifiedTime(p);
        // What cp -p, rsync -t or a backup restore leave: other bytes, the same size and time.
        byte[] other = CONTENT.clone();
        other[123] ^= 0x40;
        Files.write(p, other);
        Files.setLastModifiedTime(p, time);
        assertArrayEquals(CONTENT, Files.readAllBytes(downloader().fetch(f, dir)));
        assertEquals(2, hits("good"), "the replaced file was detected and downloaded again");
    }

    @Test
    void aDecompressedCopyWithAFlippedByteIsRefused() throws IOException {
        byte[] gz = gzip(CONTENT, 9);
        RemoteFile f = new RemoteFile(
                "test-set",
                "data.bin.gz",
                List.of(url("good")),
                gz.length,
                Downloader.sha256(new ByteArrayInputStream(gz)),
                Downloader.sha256(new ByteArrayInputStream(CONTENT)),
                CONTENT.length,
                List.of());
        Path cached = dir.resolve("data.bin.gz");
        Files.write(cached, CONTENT);
        Downloader offline = new Downloader(HttpClient.newHttpClient(), true);
        assertEquals(cached, offline.fetch(f, dir), "a decompressed copy of the right content is used");
        FileTime time = Files.getLastModifiedTime(cached);
        byte[] flipped = CONTENT.clone();
        flipped[77_777] ^= 1;
        Files.write(cached, flipped);
        Files.setLastModifiedTime(cached, time);
        DatasetException e = assertThrows(DatasetException.class, () -> offline.fetch(f, dir));
        assertTrue(e.getMessage().contains(cached + " does not match the expected SHA-256"), e.getMessage());
    }

    @Test
    void aGzipBombStopsAtTheExpectedContentSize() throws IOException {
        byte[] bomb = gzipBomb(4096);
        long expected = 200_000;
        // Inflating 4 GiB would read all of the ~4 MB; stopping past 200 kB reads about one 64 kB buffer.
        CountingStream counted = new CountingStream(bomb);
        IOException e = assertThrows(IOException.class, () -> Downloader.contentSha256(counted, expected, "bomb"));
        assertTrue(e.getMessage().contains("holds more than 200000 bytes"), e.getMessage());
        assertTrue(counted.read < 100_000, "read " + counted.read + " of " + bomb.length + " compressed bytes");
        // Through fetch: an installed copy that is a bomb is refused, and said so.
        Path installed = Files.write(dir.resolve("bomb.gz"), bomb);
        RemoteFile f = new RemoteFile(
                "test-set",
                "data.bin.gz",
                List.of(),
                1000,
                "0".repeat(64),
                "1".repeat(64),
                expected,
                List.of(installed));
        DatasetException refused =
                assertThrows(DatasetException.class, () -> downloader().fetch(f, dir.resolve("cache")));
        assertTrue(
                refused.getMessage().contains(installed + " is not a gzip file of the expected content"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("holds more than 200000 bytes"), refused.getMessage());
    }

    @Test
    void aFolderWhereTheFileBelongsIsNamed() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("data.bin"));
        Files.writeString(folder.resolve("keep.txt"), "mine");
        DatasetException e =
                assertThrows(DatasetException.class, () -> downloader().fetch(file(List.of(url("good"))), dir));
        assertTrue(e.getMessage().contains(folder.toAbsolutePath() + " is a folder"), e.getMessage());
        assertEquals(0, hits("good"));
        assertTrue(Files.exists(folder.resolve("keep.txt")));
    }

    @Test
    void aFullDiskNamesThePartialFileAndWhatToDo() throws IOException {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(
                Files.isWritable(full), "needs Linux's /dev/full, which answers every write with ENOSPC");
        Path part = Files.createSymbolicLink(dir.resolve("data.bin.part"), full);
        DatasetException e = assertThrows(
                DatasetException.class, () -> downloader().fetch(file(List.of(url("good"), url("good"))), dir));
        String m = e.getMessage();
        assertTrue(m.contains("could not write " + part.toAbsolutePath()), m);
        assertTrue(m.contains("No space left on device"), m);
        assertTrue(m.contains("Free space on that disk"), m);
        assertEquals(1, hits("good"), "a disk failure is not blamed on the mirror, so no other mirror is tried");
    }

    /** {@code members} gzip members of 1 MiB of zeros each, one after another: a valid gzip file. */
    static byte[] gzipBomb(int members) throws IOException {
        byte[] one = gzip(new byte[1 << 20], 9);
        ByteArrayOutputStream out = new ByteArrayOutputStream(one.length * members);
        for (int i = 0; i < members; i++) {
            out.write(one);
        }
        return out.toByteArray();
    }

    /** Counts the bytes a reader takes. */
    private static final class CountingStream extends ByteArrayInputStream {
        long read;

        CountingStream(byte[] b) {
            super(b);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            read += Math.max(n, 0);
            return n;
        }

        @Override
        public synchronized int read() {
            int c = super.read();
            read += c < 0 ? 0 : 1;
            return c;
        }
    }

    @Test
    void checksumMismatchKeepsNothing() throws IOException {
        RemoteFile f = file(List.of(url("wrong")));
        DatasetException e =
                assertThrows(DatasetException.class, () -> downloader().fetch(f, dir));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains(url("wrong").toString()), e.getMessage());
        assertFalse(Files.exists(dir.resolve("data.bin")));
        assertFalse(Files.exists(dir.resolve("data.bin.part")));
    }

    @Test
    void fallsBackToTheNextMirror() throws IOException {
        RemoteFile f = file(List.of(url("missing"), url("wrong"), url("good")));
        Path p = downloader().fetch(f, dir);
        assertArrayEquals(CONTENT, Files.readAllBytes(p));
        assertEquals(1, hits("missing"));
        assertEquals(1, hits("wrong"));
        assertEquals(1, hits("good"));
    }

    @Test
    void resumesAnInterruptedTransferWithARangeRequest() throws IOException {
        RemoteFile f = file(List.of(url("flaky")));
        Path p = downloader().fetch(f, dir);
        assertArrayEquals(CONTENT, Files.readAllBytes(p));
        // The server sent half and hung up; how much of that half arrived before the connection reset is up to
        // TCP (a reset may drop bytes still in flight), so the resume starts anywhere in the first half.
        assertEquals(1, ranges.size(), ranges.toString());
        assertTrue(ranges.get(0).matches("bytes=\\d+-"), ranges.get(0));
        long from = Long.parseLong(
                ranges.get(0).substring("bytes=".length(), ranges.get(0).length() - 1));
        assertTrue(from > 0 && from <= CONTENT.length / 2, "resumed from byte " + from);
        assertEquals(2, hits("flaky"));
    }

    @Test
    void resumesAPartialFileLeftByAnEarlierRun() throws IOException {
        Files.write(dir.resolve("data.bin.part"), java.util.Arrays.copyOf(CONTENT, 5000));
        Path p = downloader().fetch(file(List.of(url("flaky"))), dir);
        assertArrayEquals(CONTENT, Files.readAllBytes(p));
        assertEquals(List.of("bytes=5000-"), ranges);
    }

    @Test
    void offlineErrorNamesTheUrlAndTheFolder() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + closedPort + "/data.bin");
        RemoteFile f = file(List.of(dead));
        DatasetException e =
                assertThrows(DatasetException.class, () -> downloader().fetch(f, dir));
        String m = e.getMessage();
        assertTrue(m.contains(dead.toString()), m);
        assertTrue(m.contains(dir.toAbsolutePath().toString()), m);
        assertTrue(m.contains(dir.resolve("data.bin").toAbsolutePath().toString()), m);
        assertTrue(m.contains("cannot connect"), m);
        DatasetException off = assertThrows(
                DatasetException.class,
                () -> new Downloader(HttpClient.newHttpClient(), true).fetch(file(List.of(url("good"))), dir));
        assertTrue(off.getMessage().contains("SYNAPSE_OFFLINE"), off.getMessage());
        assertTrue(off.getMessage().contains(url("good").toString()), off.getMessage());
        assertEquals(0, hits("good"));
    }

    @Test
    void usesAnInstalledCopyAndRecognisesARecompressedOne() throws IOException {
        byte[] gz = gzip(CONTENT, 9);
        byte[] regz = gzip(CONTENT, 1);
        String contentSha = Downloader.sha256(new ByteArrayInputStream(CONTENT));
        Path installed = Files.createDirectories(dir.resolve("usr-share")).resolve("data.bin.gz");
        Files.write(installed, regz);
        RemoteFile f = new RemoteFile(
                "test-set",
                "data.bin.gz",
                List.of(url("good")),
                gz.length,
                Downloader.sha256(new ByteArrayInputStream(gz)),
                contentSha,
                CONTENT.length,
                List.of(installed));
        Path p = downloader().fetch(f, dir.resolve("cache"));
        assertEquals(installed, p);
        assertEquals(0, hits("good"));
        // A corrupt installed copy is ignored, and said so when nothing else works.
        Files.write(installed, "garbage".getBytes(StandardCharsets.UTF_8));
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> new Downloader(HttpClient.newHttpClient(), true).fetch(f, dir.resolve("cache")));
        assertTrue(e.getMessage().contains(installed.toString()), e.getMessage());
    }

    @Test
    void aCorruptCachedFileIsReplaced() throws IOException {
        Files.write(dir.resolve("data.bin"), "old and wrong".getBytes(StandardCharsets.UTF_8));
        Path p = downloader().fetch(file(List.of(url("good"))), dir);
        assertArrayEquals(CONTENT, Files.readAllBytes(p));
        assertEquals(1, hits("good"));
    }

    static byte[] gzip(byte[] data, int level) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes) {
            {
                def.setLevel(level);
            }
        }) {
            out.write(data);
        }
        return bytes.toByteArray();
    }
}
