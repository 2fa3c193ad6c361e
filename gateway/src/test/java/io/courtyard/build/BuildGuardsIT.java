package io.courtyard.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.courtyard.testsupport.ChildProcess;
import io.courtyard.testsupport.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The build guards itself: a module under the project's parent POM that writes to
 * {@code System.out} fails the build, and the same module without it passes.
 */
@Timeout(600)
class BuildGuardsIT {
    private static final Duration BUILD = Duration.ofMinutes(5);

    @Test
    void printlnInMainCodeFailsTheBuild() throws Exception {
        Path module = module("println", "System.out.println(\"hello from \" + name);");

        Result r = build(module);

        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("Forbidden field access: java.lang.System#out"), r.output());
        assertTrue(r.output().contains("Guard.java"), "names the offending source: " + r.output());
    }

    @Test
    void sameModuleWithoutPrintlnBuilds() throws Exception {
        Path module = module("control", "java.util.Objects.requireNonNull(name);");

        Result r = build(module);

        assertEquals(0, r.exitCode(), r.output());
        assertTrue(Files.isRegularFile(module.resolve("target/classes/guard/Guard.class")), "it did compile");
    }

    private record Result(int exitCode, String output) {}

    /** {@code mvn verify}: forbiddenapis' check goal binds to the verify phase, not process-classes. */
    private static Result build(Path module) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(mvn(), "-B", "-o", "-q", "-Dspotless.check.skip=true"));
        String repo = System.getProperty("courtyard.localRepository");
        if (repo != null && !repo.isBlank()) {
            cmd.add("-Dmaven.repo.local=" + repo);
        }
        cmd.add("verify");
        try (ChildProcess p = ChildProcess.start(cmd, module, module.resolve("build.log"))) {
            int code = p.awaitExit(BUILD);
            return new Result(code, p.output());
        }
    }

    /** A fresh module in target/ whose parent is the project's root POM; one class, one statement. */
    private static Path module(String name, String statement) throws Exception {
        Path root = ProjectFiles.root();
        Path buildDir = Path.of(System.getProperty(
                "courtyard.buildDirectory", root.resolve("gateway/target").toString()));
        Path module = buildDir.resolve("build-guards").resolve(name);
        deleteRecursively(module);
        String relativeParent = module.relativize(root.resolve("pom.xml")).toString();
        String version = System.getProperty("courtyard.version", "0.1.0-SNAPSHOT");
        ProjectFiles.write(
                module.resolve("pom.xml"),
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <parent>
                    <groupId>io.courtyard</groupId>
                    <artifactId>courtyard-parent</artifactId>
                    <version>%s</version>
                    <relativePath>%s</relativePath>
                  </parent>
                  <artifactId>build-guard-%s</artifactId>
                </project>
                """
                        .formatted(version, relativeParent, name));
        ProjectFiles.write(
                module.resolve("src/main/java/guard/Guard.java"),
                """
                package guard;

                /** A stand-in for a gateway class. */
                public final class Guard {
                    private Guard() {}

                    public static void greet(String name) {
                        %s
                    }
                }
                """
                        .formatted(statement));
        return module;
    }

    private static String mvn() {
        String home = System.getProperty("courtyard.mavenHome");
        if (home != null && !home.isBlank() && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return "mvn";
    }

    private static void deleteRecursively(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
