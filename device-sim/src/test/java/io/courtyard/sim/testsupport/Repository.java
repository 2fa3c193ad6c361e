package io.courtyard.sim.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, where config/ lives, found upwards from the working directory (Maven's is the module). */
public final class Repository {
    private Repository() {}

    public static Path root() {
        String start = System.getProperty("user.dir");
        for (Path p = Path.of(start).toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("config/acl-example.json"))) {
                return p;
            }
        }
        throw new IllegalStateException(
                "no repository root (a directory with config/acl-example.json) at or above " + start);
    }

    public static Path file(String relative) {
        return root().resolve(relative);
    }
}
