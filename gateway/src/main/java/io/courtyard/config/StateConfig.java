package io.courtyard.config;

import java.nio.file.Path;

/** Where the gateway keeps its database: {@code dir/courtyard.db}. */
public record StateConfig(Path dir) {
    public Path database() {
        return dir.resolve("courtyard.db");
    }
}
