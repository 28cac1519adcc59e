package dev.synapse.datasets;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One file of a dataset as its publisher serves it: where to download it (mirrors in order), its
 * size and SHA-256, and where an installed copy may already be.
 *
 * @param dataset the dataset's folder name in the cache, e.g. {@code fashion-mnist}
 * @param name the file name, e.g. {@code train-images-idx3-ubyte.gz}
 * @param urls download locations, tried in order (official source first, then mirrors)
 * @param size the size in bytes of the file served
 * @param sha256 the SHA-256 of the file served
 * @param contentSha256 for a gzip file, the SHA-256 of its decompressed content, or {@code null}:
 *     lets a copy that was decompressed and recompressed (as Debian packages do) be recognised
 * @param contentSize the size in bytes of that decompressed content, {@code -1} without
 *     {@code contentSha256}: a copy is never inflated past it, so a gzip bomb is stopped early
 * @param installed places where a copy may be installed (a distribution package, another library's
 *     cache); checked before downloading. A copy there may also be decompressed: it is accepted when
 *     its own SHA-256 equals {@code contentSha256}
 */
public record RemoteFile(
        String dataset,
        String name,
        List<URI> urls,
        long size,
        String sha256,
        String contentSha256,
        long contentSize,
        List<Path> installed) {

    public RemoteFile {
        urls = List.copyOf(urls);
        installed = List.copyOf(installed);
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("RemoteFile " + name + ": a lowercase hex SHA-256 is required");
        }
        if (contentSha256 != null && (!contentSha256.matches("[0-9a-f]{64}") || contentSize < 0)) {
            throw new IllegalArgumentException(
                    "RemoteFile " + name + ": contentSha256 needs a lowercase hex SHA-256 and "
                            + "the content's size (got " + contentSize + ")");
        }
        if (contentSha256 == null && contentSize != -1) {
            throw new IllegalArgumentException(
                    "RemoteFile " + name + ": contentSize " + contentSize + " without contentSha256");
        }
    }

    /** A file served as is, with no decompressed form to recognise. */
    public RemoteFile(String dataset, String name, List<URI> urls, long size, String sha256, List<Path> installed) {
        this(dataset, name, urls, size, sha256, null, -1, installed);
    }

    /**
     * The same file served from {@code base + name} for each base URL. In each installed folder both
     * {@code name} and, for a gzip file with a known {@code contentSha256}, its decompressed form
     * ({@code name} without {@code .gz}, as torchvision's {@code raw} folders and some packages keep it)
     * are looked for.
     */
    public static RemoteFile of(
            String dataset,
            String name,
            List<String> baseUrls,
            long size,
            String sha256,
            String contentSha256,
            long contentSize,
            List<Path> installedDirs) {
        List<URI> urls = baseUrls.stream().map(b -> URI.create(b + name)).toList();
        boolean unpacked = contentSha256 != null && name.endsWith(".gz");
        String plain = unpacked ? name.substring(0, name.length() - 3) : name;
        List<Path> installed = installedDirs.stream()
                .flatMap(d -> unpacked ? Stream.of(d.resolve(name), d.resolve(plain)) : Stream.of(d.resolve(name)))
                .toList();
        return new RemoteFile(dataset, name, urls, size, sha256, contentSha256, contentSize, installed);
    }

    /** This file with other download locations (tests, private mirrors). */
    public RemoteFile withUrls(List<URI> newUrls) {
        return new RemoteFile(dataset, name, newUrls, size, sha256, contentSha256, contentSize, installed);
    }

    /** This file with other installed locations. */
    public RemoteFile withInstalled(List<Path> newInstalled) {
        return new RemoteFile(dataset, name, urls, size, sha256, contentSha256, contentSize, newInstalled);
    }
}
