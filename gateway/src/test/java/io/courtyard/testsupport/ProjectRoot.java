package io.courtyard.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root, where config/, scripts/ and systemd/ live, for tests that read them. */
public final class ProjectRoot {
    /** Set by the gateway POM's surefire and failsafe configuration. */
    public static final String PROPERTY = "courtyard.projectRoot";

    private ProjectRoot() {}

    /**
     * The nearest directory holding {@code gateway/pom.xml}, searched upwards from the
     * {@value #PROPERTY} property or, when unset (an IDE run), from the working directory.
     * Walking up matters: Maven sets that property to the module directory when started there.
     */
    public static Path path() {
        String start = System.getProperty(PROPERTY, System.getProperty("user.dir"));
        for (Path p = Path.of(start).toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("gateway/pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root (a directory with gateway/pom.xml) at or above " + start);
    }
}
