package io.courtyard.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads SQLite's write-ahead log format (sqlite.org/fileformat2.html#walformat) to leave a database
 * as a checkpoint interrupted by a crash does: some pages copied into the main file, the log intact.
 */
final class WalFile {
    private static final int HEADER = 32;
    private static final int FRAME_HEADER = 24;

    private WalFile() {}

    /** Copies the newest committed page 1 from {@code db}'s log into {@code db}, and nothing else. */
    static void tearCheckpointAfterPageOne(Path db) throws IOException {
        Path wal = db.resolveSibling(db.getFileName() + "-wal");
        try (FileChannel log = FileChannel.open(wal, StandardOpenOption.READ);
                FileChannel main = FileChannel.open(db, StandardOpenOption.WRITE)) {
            ByteBuffer header = read(log, 0, HEADER);
            int pageSize = header.getInt(8);
            long salt = header.getLong(16);
            ByteBuffer pageOne = null;
            for (long at = HEADER; at + FRAME_HEADER + pageSize <= log.size(); at += FRAME_HEADER + pageSize) {
                ByteBuffer frame = read(log, at, FRAME_HEADER);
                if (frame.getLong(8) != salt) {
                    break; // a frame left from before the log was last restarted: the valid ones end here
                }
                if (frame.getInt(0) == 1) {
                    pageOne = read(log, at + FRAME_HEADER, pageSize);
                }
            }
            if (pageOne == null) {
                throw new IllegalStateException(wal + " holds no page 1");
            }
            main.write(pageOne, 0);
            main.force(true);
        }
    }

    private static ByteBuffer read(FileChannel ch, long at, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new IOException("log ends inside a frame at " + at);
            }
        }
        return b.flip();
    }
}
