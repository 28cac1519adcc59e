package dev.synapse.datasets;

import dev.synapse.data.ProgressBar;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.GZIPInputStream;

/**
 * Gets a dataset file onto the disk once, verified: Synapse's {@code keras.utils.get_file} /
 * {@code torchvision.datasets.utils.download_url}.
 *
 * <ol>
 *   <li>A copy in the cache folder is used when its SHA-256 matches, checked on every fetch: a size
 *       and modification time cannot tell a replaced or damaged file (a copy with its time restored,
 *       as {@code cp -p} or a backup does), and hashing costs little next to reading the data.</li>
 *   <li>An installed copy (a distribution package, another library's cache) is used in place when its
 *       SHA-256 matches, or, for a gzip file, the SHA-256 of its decompressed content; a copy kept
 *       decompressed is used when its size and SHA-256 are those of the content. A gzip copy is never
 *       inflated past the content's known size, so a gzip bomb is refused early.</li>
 *   <li>Otherwise each URL is tried in order into {@code <name>.part}; an interrupted transfer resumes
 *       with an HTTP range request; the finished file must have the expected size and SHA-256, else
 *       it is deleted and the next mirror is tried; a good file is renamed into place atomically.</li>
 * </ol>
 *
 * Downloads into one folder take turns: the fetcher that writes holds a lock (a {@link FileLock} on
 * an empty {@code <name>.lock} kept beside the file, across processes, and a lock within the JVM
 * across threads), so {@code <name>.part} has one writer and stays resumable after a crash, which
 * releases the lock with the process. A second fetcher of the same file waits for that lock, then
 * finds the file in place and uses it. Readers need no lock: the file appears only by an atomic
 * rename, whole and verified.
 *
 * When nothing works (offline, every mirror failed) the {@link DatasetException} names the URLs,
 * the reasons, and the exact path where a hand-downloaded copy should be put. A cache that cannot be
 * written (a full disk, a folder where the file belongs) gets a {@link DatasetException} naming the path.
 */
public final class Downloader {
    private static final int ATTEMPTS_PER_URL = 3;
    private static final long PROGRESS_THRESHOLD = 1 << 20;

    private final HttpClient client;
    private final boolean offline;

    /** A downloader honouring {@code SYNAPSE_OFFLINE}, with a 30 s connect timeout and redirects followed. */
    public static Downloader standard() {
        return new Downloader(
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(30))
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build(),
                Cache.offline());
    }

    /** A downloader with its own client; {@code offline} forbids network access. */
    public Downloader(HttpClient client, boolean offline) {
        this.client = client;
        this.offline = offline;
    }

    /** The verified local path of {@code file}, in its dataset's cache folder. */
    public Path fetch(RemoteFile file) {
        return fetch(file, Cache.dir(file.dataset()));
    }

    /**
     * The verified local path of {@code file}, downloading into {@code dir} if needed. Fetchers of one
     * file into one folder, threads or processes, take turns (see the class comment): a second one
     * waits for the first and then uses the file it put in place.
     */
    public Path fetch(RemoteFile file, Path dir) {
        Path target = dir.resolve(file.name());
        if (Files.isDirectory(target)) {
            throw new DatasetException(
                    file.dataset() + ": " + target.toAbsolutePath() + " is a folder, where the file " + file.name()
                            + " belongs. Move or delete that folder, or set SYNAPSE_HOME to keep datasets elsewhere.");
        }
        List<String> notes = new ArrayList<>();
        try {
            // Read-only checks first: a good cached or installed copy needs no lock and no writable cache.
            if (Files.isRegularFile(target) && matches(target, file, notes)) {
                return target;
            }
            for (Path p : file.installed()) {
                if (Files.isRegularFile(p) && Files.isReadable(p)) {
                    if (matches(p, file, notes)) {
                        return p;
                    }
                    notes.add("installed copy " + p + " does not match the expected checksum; ignored");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + target + ": " + e.getMessage(), e);
        }
        if (offline) {
            if (Files.isRegularFile(target)) {
                notes.add(target + " does not match the expected SHA-256");
            }
            notes.add("downloads are disabled (SYNAPSE_OFFLINE is set)");
            throw unavailable(file, target, notes);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw cannotWrite(file, dir, e);
        }
        try (FetchLock _ = FetchLock.acquire(target)) {
            try {
                // Another fetcher may have put the file in place while this one waited.
                if (Files.isRegularFile(target)) {
                    if (matches(target, file, notes)) {
                        return target;
                    }
                    notes.add(target + " does not match the expected SHA-256 and was removed");
                    Files.deleteIfExists(target);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + target + ": " + e.getMessage(), e);
            }
            for (URI url : file.urls()) {
                if (download(url, file, target, notes)) {
                    return target;
                }
            }
        } catch (IOException e) {
            throw cannotWrite(file, FetchLock.path(target), e);
        }
        throw unavailable(file, target, notes);
    }

    /**
     * The turn of one fetcher of one target: a lock within this JVM (a {@link FileLock} is held by the
     * whole JVM, so threads need their own) and a {@link FileLock} on {@code <name>.lock} across
     * processes. The lock file stays in the cache, empty: deleting it on release would let a waiter
     * hold a lock on a deleted file while a newcomer locks a new one. It is not opened anywhere else,
     * since closing any channel of a file releases the JVM's locks on it on some systems. Where the
     * file system has no locks, fetchers in one JVM still take turns.
     */
    private static final class FetchLock implements AutoCloseable {
        private static final ConcurrentHashMap<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();

        private final ReentrantLock local;
        private final FileChannel channel;

        private FetchLock(ReentrantLock local, FileChannel channel) {
            this.local = local;
            this.channel = channel;
        }

        static Path path(Path target) {
            return target.resolveSibling(target.getFileName() + ".lock");
        }

        static FetchLock acquire(Path target) throws IOException {
            Path path = path(target);
            // By real folder: two spellings of one folder (a link) must share the JVM lock, or the file lock would
            // overlap.
            Path key = path.getParent().toRealPath().resolve(path.getFileName());
            ReentrantLock local = LOCAL.computeIfAbsent(key, k -> new ReentrantLock());
            local.lock();
            FileChannel ch = null;
            try {
                ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                ch.lock();
                return new FetchLock(local, ch);
            } catch (FileLockInterruptionException | ClosedChannelException interrupted) {
                local.unlock();
                throw interrupted;
            } catch (IOException e) {
                if (ch == null) {
                    local.unlock();
                    throw e;
                }
                // Opened but not lockable (some network file systems): this JVM's lock is all there is.
                ch.close();
                return new FetchLock(local, null);
            } catch (RuntimeException | Error e) {
                if (ch != null) {
                    ch.close();
                }
                local.unlock();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                if (channel != null) {
                    channel.close();
                }
            } finally {
                local.unlock();
            }
        }
    }

    /** One mirror, under the fetch lock: {@code <name>.part} is this fetcher's alone until it is renamed or kept. */
    private boolean download(URI url, RemoteFile file, Path target, List<String> notes) {
        Path part = target.resolveSibling(file.name() + ".part");
        try {
            for (int attempt = 1; attempt <= ATTEMPTS_PER_URL; attempt++) {
                long have = Files.exists(part) ? Files.size(part) : 0;
                if (have > file.size()) {
                    Files.delete(part);
                    have = 0;
                }
                Transfer t = have == file.size() ? Transfer.COMPLETE : transfer(url, file, part, have, notes);
                if (t == Transfer.FAILED) {
                    return false;
                }
                if (t == Transfer.INTERRUPTED) {
                    continue;
                }
                String got = sha256(part);
                if (Files.size(part) == file.size() && got.equals(file.sha256())) {
                    try {
                        move(part, target);
                    } catch (IOException e) {
                        throw cannotWrite(file, target, e);
                    }
                    return true;
                }
                notes.add(url + ": checksum mismatch: expected SHA-256 " + file.sha256() + " and " + file.size()
                        + " bytes, got " + got + " and " + Files.size(part) + " bytes; the file was not kept");
                Files.deleteIfExists(part);
                return false;
            }
            notes.add(url + ": gave up after " + ATTEMPTS_PER_URL + " interrupted attempts (the partial file " + part
                    + " is kept and resumed next time)");
            return false;
        } catch (IOException e) {
            notes.add(url + ": " + describe(e));
            return false;
        }
    }

    private enum Transfer {
        COMPLETE,
        INTERRUPTED,
        FAILED
    }

    private Transfer transfer(URI url, RemoteFile file, Path part, long have, List<String> notes) throws IOException {
        HttpRequest.Builder req = HttpRequest.newBuilder(url).GET().header("User-Agent", "synapse-datasets");
        if (have > 0) {
            req.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> resp;
        try {
            resp = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            notes.add(url + ": " + describe(e));
            return Transfer.FAILED;
        }
        int code = resp.statusCode();
        boolean append;
        if (code == 206 && have > 0) {
            append = true;
        } else if (code == 200) {
            append = false;
            have = 0;
        } else {
            resp.body().close();
            notes.add(url + ": HTTP " + code);
            return Transfer.FAILED;
        }
        // Failures of the network are notes (the next attempt or mirror may work); failures of the disk are not.
        OutputStream out;
        try {
            out = Files.newOutputStream(
                    part,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            resp.body().close();
            throw cannotWrite(file, part, e);
        }
        long before = have;
        ProgressBar<Void> bar = file.size() >= PROGRESS_THRESHOLD
                ? ProgressBar.manual(file.size()).description(file.name()).bytes(true)
                : null;
        if (bar != null) {
            bar.update(have);
        }
        try (InputStream in = resp.body();
                out) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) >= 0) {
                try {
                    out.write(buf, 0, n);
                } catch (IOException e) {
                    throw cannotWrite(file, part, e);
                }
                have += n;
                if (bar != null) {
                    bar.update(n);
                }
                if (have > file.size()) {
                    break;
                }
            }
        } catch (IOException e) {
            notes.add(url + ": transfer interrupted after " + have + " of " + file.size() + " bytes (" + describe(e)
                    + ")");
            return have > before ? Transfer.INTERRUPTED : Transfer.FAILED;
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        return Transfer.COMPLETE;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean matches(Path p, RemoteFile file, List<String> notes) throws IOException {
        long size = Files.size(p);
        if (size == file.size() && sha256(p).equals(file.sha256())) {
            return true;
        }
        if (file.contentSha256() != null) {
            if (!isGzip(p)) {
                // A decompressed copy (torchvision's raw folder, an npm package) holds the content itself.
                return size == file.contentSize() && sha256(p).equals(file.contentSha256());
            }
            try {
                return contentSha256(p, file.contentSize()).equals(file.contentSha256());
            } catch (IOException e) {
                notes.add(p + " is not a gzip file of the expected content (" + describe(e) + ")");
            }
        }
        return false;
    }

    /** A disk failure while caching: not the mirror's fault, so it ends the fetch, naming the path. */
    private static DatasetException cannotWrite(RemoteFile file, Path path, IOException e) {
        return new DatasetException(
                file.dataset() + ": could not write " + path.toAbsolutePath() + " (" + describe(e)
                        + "). Free space on that disk or make the folder writable, or set SYNAPSE_HOME to keep "
                        + "datasets "
                        + "under another folder.",
                e);
    }

    private static boolean isGzip(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static DatasetException unavailable(RemoteFile file, Path target, List<String> notes) {
        StringBuilder sb = new StringBuilder();
        sb.append(file.dataset()).append(": could not get ").append(file.name()).append('.');
        for (String n : notes) {
            sb.append("\n  - ").append(n);
        }
        sb.append("\nDownload it by hand from ");
        sb.append(file.urls().isEmpty() ? "its publisher" : file.urls().get(0).toString());
        sb.append("\nand put it at ").append(target.toAbsolutePath());
        sb.append("\n(folder ")
                .append(target.toAbsolutePath().getParent())
                .append("; expected ")
                .append(file.size())
                .append(" bytes, SHA-256 ")
                .append(file.sha256())
                .append(").");
        if (!file.installed().isEmpty()) {
            sb.append("\nA copy at any of these places is also used: ");
            sb.append(String.join(
                    ", ", file.installed().stream().map(Path::toString).toList()));
        }
        sb.append("\nSet SYNAPSE_HOME to keep datasets under another folder.");
        return new DatasetException(sb.toString());
    }

    private static String describe(IOException e) {
        String kind = e.getClass().getSimpleName();
        if (e instanceof java.net.ConnectException) {
            return "cannot connect (offline, or the server is down)"
                    + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
    }

    /** The lowercase hex SHA-256 of a file. */
    public static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return sha256(in);
        }
    }

    /**
     * The lowercase hex SHA-256 of a gzip file's decompressed content, inflating no more than
     * {@code maxBytes}: a file that holds more fails as soon as it passes that size.
     */
    public static String contentSha256(Path p, long maxBytes) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return contentSha256(in, maxBytes, p.toString());
        }
    }

    /** As {@link #contentSha256(Path, long)}, from a stream of gzip bytes; {@code name} is for messages. */
    static String contentSha256(InputStream gzip, long maxBytes, String name) throws IOException {
        return sha256(new LimitedInputStream(new GZIPInputStream(gzip, 1 << 16), maxBytes, name + " decompressed"));
    }

    static String sha256(InputStream in) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) >= 0) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
