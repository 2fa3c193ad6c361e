package io.courtyard.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real, small filesystem for disk-full tests: a size-limited tmpfs mounted on a test directory
 * (root only). {@link #fill()} writes ballast until the kernel says ENOSPC; {@link #free()} deletes
 * it. Closing unmounts, lazily if a process still holds a file there, so a failed test never leaves
 * a mount behind.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path mountPoint;
    private final List<Path> ballast = new ArrayList<>();

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code megabytes} on {@code mountPoint}; null (with the reason) when it cannot. */
    public static SmallDisk mount(Path mountPoint, int megabytes, StringBuilder whyNot) throws IOException {
        if (!Shell.isRoot()) {
            whyNot.append("mounting a small filesystem needs root (CI runs as root)");
            return null;
        }
        Files.createDirectories(mountPoint);
        Shell.Result r = Shell.run(
                "mount",
                "-t",
                "tmpfs",
                "-o",
                "size=" + megabytes + "m,mode=0700",
                "courtyard-test",
                mountPoint.toString());
        if (r.exit() != 0) {
            whyNot.append("mount -t tmpfs failed (a container without CAP_SYS_ADMIN?): ")
                    .append(r.out().strip());
            return null;
        }
        return new SmallDisk(mountPoint);
    }

    public Path path() {
        return mountPoint;
    }

    /** Writes ballast files until the filesystem is full; returns the bytes written. */
    public long fill() throws IOException {
        byte[] chunk = new byte[64 * 1024];
        long written = 0;
        Path f = mountPoint.resolve("ballast-" + ballast.size());
        ballast.add(f);
        try (OutputStream out = Files.newOutputStream(f)) {
            while (true) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
        // The last partial chunk may have left a few free blocks: take them byte by byte.
        Path tail = mountPoint.resolve("ballast-tail-" + ballast.size());
        ballast.add(tail);
        try (OutputStream out = Files.newOutputStream(tail)) {
            for (int i = 0; i < chunk.length; i++) {
                out.write(0);
                out.flush();
                written++;
            }
        } catch (IOException full) {
            // full to the last block
        }
        return written;
    }

    /** Deletes the ballast: space returns. */
    public void free() throws IOException {
        try (var files = Files.list(mountPoint)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith("ballast-"))
                    .toList()) {
                Files.delete(p);
            }
        }
        ballast.clear();
    }

    @Override
    public void close() {
        Shell.Result r = Shell.run("umount", mountPoint.toString());
        if (r.exit() != 0) {
            Shell.run("umount", "-l", mountPoint.toString());
        }
    }
}
