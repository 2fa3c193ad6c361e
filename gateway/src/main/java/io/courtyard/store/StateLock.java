package io.courtyard.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive lock on a state directory ({@code courtyard.lock}): one gateway, or one offline
 * command such as a restore, owns the directory at a time. Released on close, and by the kernel
 * when the process dies.
 */
public final class StateLock implements AutoCloseable {
    static final String FILE = "courtyard.lock";

    private final Path dir;
    private FileChannel channel;

    private StateLock(Path dir, FileChannel channel) {
        this.dir = dir;
        this.channel = channel;
    }

    /** Takes the lock, creating the directory if needed; fails at once when someone else holds it. */
    public static StateLock acquire(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (!Files.isWritable(dir)) {
            throw new IOException("state directory " + dir + " is not writable by this user");
        }
        FileChannel channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // Another holder in this JVM: tryLock throws instead of returning null.
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new StateLockedException("another gateway holds the state directory " + dir);
        }
        return new StateLock(dir, channel);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            // Closing the channel releases the lock.
            channel.close();
            channel = null;
        }
    }
}
