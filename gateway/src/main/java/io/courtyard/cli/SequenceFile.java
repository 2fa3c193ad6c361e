package io.courtyard.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The last command sequence a signer used for a site, in a small text file: read, advanced and
 * written back under an exclusive lock, so that two signers on one machine never sign two
 * commands with one sequence (the gateway would run only the first to arrive).
 */
final class SequenceFile {
    /** File locks are per process; threads of one process (tests, a signing service) queue here first. */
    private static final Object IN_PROCESS = new Object();

    private SequenceFile() {}

    /** The next sequence (the file's number plus one, 1 for a new file), written back before it is returned. */
    static long next(Path file) throws IOException {
        synchronized (IN_PROCESS) {
            return nextLocked(file);
        }
    }

    private static long nextLocked(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(
                        file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                FileLock lock = ch.lock()) {
            // A sequence is at most 16 digits: the limit keeps a wrong file from being read whole.
            ByteBuffer buf = ByteBuffer.allocate(64);
            int n;
            do {
                n = ch.read(buf);
            } while (n > 0 && buf.hasRemaining());
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
            long last;
            try {
                last = text.isEmpty() ? 0 : Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": expected the last sequence used, a number; found '"
                        + (text.length() > 20 ? text.substring(0, 20) + "…" : text) + "'");
            }
            if (last < 0) {
                throw new IllegalArgumentException(file + ": a sequence is never negative, found " + last);
            }
            long next = last + 1;
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((next + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            // On disk before the command leaves: after a crash the file never hands out a used number.
            ch.force(true);
            return next;
        }
    }
}
