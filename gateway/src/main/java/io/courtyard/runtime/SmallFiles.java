package io.courtyard.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a file that is small by nature (a key, a certificate chain) with a bound: a wrong path
 * that names a log or a disk image gets a clear error instead of filling the heap.
 */
public final class SmallFiles {
    private SmallFiles() {}

    /** The file's text; an {@link IOException} naming the file and the bound when it is longer. */
    public static String read(Path file, int maxBytes, Charset charset, String what) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(maxBytes + 1);
        }
        if (bytes.length > maxBytes) {
            throw new IOException(file + ": larger than " + maxBytes + " bytes; " + what);
        }
        return new String(bytes, charset);
    }
}
