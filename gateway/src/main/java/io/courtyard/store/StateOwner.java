package io.courtyard.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands files that an operator's command (run as root) created in the state directory back to the
 * directory's owner, the service user: a root-owned {@code courtyard.db-wal} or restored database
 * would otherwise keep the gateway from opening its own state at the next start.
 */
public final class StateOwner {
    private static final Logger log = LoggerFactory.getLogger(StateOwner.class);

    private StateOwner() {}

    /** Gives every file and directory directly in {@code dir} whose owner differs to {@code dir}'s owner. */
    public static void adopt(Path dir) {
        try {
            PosixFileAttributes owner = Files.readAttributes(dir, PosixFileAttributes.class);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path p : entries) {
                    adopt(p, owner);
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        try (DirectoryStream<Path> inner = Files.newDirectoryStream(p)) {
                            for (Path q : inner) {
                                adopt(q, owner);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            log.warn("cannot check the owners of the files in {}: {}", dir, e.toString());
        }
    }

    private static void adopt(Path p, PosixFileAttributes owner) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.owner().equals(owner.owner()) && a.group().equals(owner.group())) {
            return;
        }
        try {
            PosixFileAttributeView view =
                    Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            view.setOwner(owner.owner());
            view.setGroup(owner.group());
        } catch (IOException | SecurityException e) {
            // Only root can give files away; anyone else created files it owns in a directory it may write.
            log.warn(
                    "{} is not owned by {}, the owner of the state directory, and cannot be given to it: {}",
                    p,
                    owner.owner().getName(),
                    e.toString());
        }
    }
}
