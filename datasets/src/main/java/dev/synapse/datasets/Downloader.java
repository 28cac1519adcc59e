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
import java.nio.charset.StandardCharsets;
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
import java.util.zip.GZIPInputStream;

/**
 * Gets a dataset file onto the disk once, verified: Synapse's {@code keras.utils.get_file} /
 * {@code torchvision.datasets.utils.download_url}.
 *
 * <ol>
 *   <li>A verified copy in the cache folder is used as is; a marker file beside it records its
 *       SHA-256, size and modification time so later runs need not hash it again.</li>
 *   <li>An installed copy (a distribution package, another library's cache) is used in place when its
 *       SHA-256 matches, or, for a gzip file, the SHA-256 of its decompressed content; a copy kept
 *       decompressed is used when its own SHA-256 is that of the content.</li>
 *   <li>Otherwise each URL is tried in order into {@code <name>.part}; an interrupted transfer resumes
 *       with an HTTP range request; the finished file must have the expected size and SHA-256, else
 *       it is deleted and the next mirror is tried; a good file is renamed into place atomically.</li>
 * </ol>
 *
 * When nothing works (offline, every mirror failed) the {@link DatasetException} names the URLs,
 * the reasons, and the exact path where a hand-downloaded copy should be put.
 */
public final class Downloader {
    private static final int ATTEMPTS_PER_URL = 3;
    private static final long PROGRESS_THRESHOLD = 1 << 20;

    private final HttpClient client;
    private final boolean offline;

    /** A downloader honouring {@code SYNAPSE_OFFLINE}, with a 30 s connect timeout and redirects followed. */
    public static Downloader standard() {
        return new Downloader(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL).build(), Cache.offline());
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

    /** The verified local path of {@code file}, downloading into {@code dir} if needed. */
    public Path fetch(RemoteFile file, Path dir) {
        Path target = dir.resolve(file.name());
        List<String> notes = new ArrayList<>();
        try {
            if (Files.isRegularFile(target)) {
                if (verifiedBefore(target, file) || matches(target, file, notes)) {
                    writeMarker(target, file);
                    return target;
                }
                notes.add(target + " does not match the expected SHA-256 and was removed");
                Files.deleteIfExists(target);
                Files.deleteIfExists(marker(target));
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
            notes.add("downloads are disabled (SYNAPSE_OFFLINE is set)");
            throw unavailable(file, target, notes);
        }
        for (URI url : file.urls()) {
            if (download(url, file, target, notes)) {
                return target;
            }
        }
        throw unavailable(file, target, notes);
    }

    private boolean download(URI url, RemoteFile file, Path target, List<String> notes) {
        Path part = target.resolveSibling(file.name() + ".part");
        try {
            Files.createDirectories(target.getParent());
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
                    move(part, target);
                    writeMarker(target, file);
                    return true;
                }
                notes.add(url + ": checksum mismatch: expected SHA-256 " + file.sha256() + " and " + file.size()
                        + " bytes, got " + got + " and " + Files.size(part) + " bytes; the file was not kept");
                Files.deleteIfExists(part);
                return false;
            }
            notes.add(url + ": gave up after " + ATTEMPTS_PER_URL + " interrupted attempts (the partial file "
                    + part + " is kept and resumed next time)");
            return false;
        } catch (IOException e) {
            notes.add(url + ": " + describe(e));
            return false;
        }
    }

    private enum Transfer {
        COMPLETE, INTERRUPTED, FAILED
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
        long before = have;
        ProgressBar<Void> bar = file.size() >= PROGRESS_THRESHOLD
                ? ProgressBar.manual(file.size()).description(file.name()).bytes(true) : null;
        if (bar != null) {
            bar.update(have);
        }
        try (InputStream in = resp.body();
             OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                have += n;
                if (bar != null) {
                    bar.update(n);
                }
                if (have > file.size()) {
                    break;
                }
            }
        } catch (IOException e) {
            notes.add(url + ": transfer interrupted after " + have + " of " + file.size() + " bytes (" + describe(e) + ")");
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
        if (Files.size(p) == file.size() && sha256(p).equals(file.sha256())) {
            return true;
        }
        if (file.contentSha256() != null) {
            if (!isGzip(p)) {
                // A decompressed copy (torchvision's raw folder, an npm package) holds the content itself.
                return sha256(p).equals(file.contentSha256());
            }
            try {
                return contentSha256(p).equals(file.contentSha256());
            } catch (IOException e) {
                notes.add(p + " is not a readable gzip file (" + describe(e) + ")");
            }
        }
        return false;
    }

    private static boolean isGzip(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static Path marker(Path target) {
        return target.resolveSibling(target.getFileName() + ".sha256");
    }

    private static boolean verifiedBefore(Path target, RemoteFile file) throws IOException {
        Path m = marker(target);
        if (!Files.isRegularFile(m)) {
            return false;
        }
        return Files.readString(m, StandardCharsets.UTF_8).equals(markerText(target, file));
    }

    private static void writeMarker(Path target, RemoteFile file) {
        try {
            Path m = marker(target);
            Path tmp = m.resolveSibling(m.getFileName() + ".tmp");
            Files.writeString(tmp, markerText(target, file), StandardCharsets.UTF_8);
            move(tmp, m);
        } catch (IOException e) {
            // The marker only saves re-hashing next time; a read-only cache still works.
        }
    }

    private static String markerText(Path target, RemoteFile file) throws IOException {
        return file.sha256() + "  " + file.name() + "\n" + Files.size(target) + " " + Files.getLastModifiedTime(target).toMillis() + "\n";
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
        sb.append("\n(folder ").append(target.toAbsolutePath().getParent()).append("; expected ").append(file.size())
                .append(" bytes, SHA-256 ").append(file.sha256()).append(").");
        if (!file.installed().isEmpty()) {
            sb.append("\nA copy at any of these places is also used: ");
            sb.append(String.join(", ", file.installed().stream().map(Path::toString).toList()));
        }
        sb.append("\nSet SYNAPSE_HOME to keep datasets under another folder.");
        return new DatasetException(sb.toString());
    }

    private static String describe(IOException e) {
        String kind = e.getClass().getSimpleName();
        if (e instanceof java.net.ConnectException) {
            return "cannot connect (offline, or the server is down)" + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
    }

    /** The lowercase hex SHA-256 of a file. */
    public static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return sha256(in);
        }
    }

    /** The lowercase hex SHA-256 of a gzip file's decompressed content. */
    public static String contentSha256(Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p), 1 << 16)) {
            return sha256(in);
        }
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
