package dev.synapse.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Random access to the bytes of a file or an array, read in pieces: loaders allocate what the
 * headers declare, never the whole file. Opening a file that cannot be read (missing, a directory,
 * not readable) is an {@link IOException} whose message names the path and what to do.
 */
abstract class ByteSource implements Closeable {
    /** The number of bytes. */
    abstract long size();

    /** Reads {@code dst.remaining()} bytes starting at {@code at}; fails when they run past the end. */
    abstract void readFully(long at, ByteBuffer dst) throws IOException;

    @Override
    public void close() throws IOException {}

    /** {@code length} bytes from {@code at}, as a stream. */
    InputStream stream(long at, long length) {
        return new InputStream() {
            private long position = at;
            private final long end = at + length;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position >= end) {
                    return -1;
                }
                int n = (int) Math.min(len, end - position);
                readFully(position, ByteBuffer.wrap(b, off, n));
                position += n;
                return n;
            }
        };
    }

    static ByteSource of(byte[] bytes) {
        return new ByteSource() {
            @Override
            long size() {
                return bytes.length;
            }

            @Override
            void readFully(long at, ByteBuffer dst) throws IOException {
                if (at < 0 || at + dst.remaining() > bytes.length) {
                    throw new EOFException("read past the end of " + bytes.length + " bytes");
                }
                dst.put(bytes, (int) at, dst.remaining());
            }
        };
    }

    /** Opens {@code file} for reading; {@code what} names the kind of file in messages ("model file"). */
    static ByteSource open(Path file, String what) throws IOException {
        if (Files.isDirectory(file)) {
            throw new FileSystemException(
                    file.toString(), null, "is a directory, not a " + what + "; give the path of the file inside it");
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such " + what + "; check the path");
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(
                    file.toString(), null, "the " + what + " is not readable; check its permissions");
        } catch (IOException e) {
            throw new IOException("cannot open the " + what + " " + file + ": " + e.getMessage(), e);
        }
        long size;
        try {
            size = ch.size();
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot read the " + what + " " + file + ": " + e.getMessage(), e);
        }
        return new ByteSource() {
            @Override
            long size() {
                return size;
            }

            @Override
            void readFully(long at, ByteBuffer dst) throws IOException {
                long position = at;
                try {
                    while (dst.hasRemaining()) {
                        int n = ch.read(dst, position);
                        if (n < 0) {
                            throw new EOFException(
                                    "the file ended at byte " + position + " (did it shrink while being read?)");
                        }
                        position += n;
                    }
                } catch (IOException e) {
                    if (e instanceof CorruptFileException) {
                        throw e;
                    }
                    throw new IOException(
                            "cannot read the " + what + " " + file + " at byte " + position + ": " + e.getMessage(), e);
                }
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }
}
