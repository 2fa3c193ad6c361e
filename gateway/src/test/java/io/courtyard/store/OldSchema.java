package io.courtyard.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

/** A state database left at an older schema version, as a release before this one left it: for upgrade tests. */
public final class OldSchema {
    private OldSchema() {}

    /** Creates {@code dir}'s database migrated up to {@code version} only; the caller fills it and opens it with {@link Database}. */
    public static Connection at(Path dir, int version) throws Exception {
        Files.createDirectories(dir);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("courtyard.db"));
        Migrations.apply(c, "old schema", version);
        return c;
    }
}
