package io.courtyard.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a system command to completion (dpkg, mount...) and keeps its exit code and output. */
public final class Shell {
    private Shell() {}

    public record Result(int exit, String out) {
        public Result expectOk() {
            if (exit != 0) {
                throw new AssertionError("exit " + exit + ":\n" + out);
            }
            return this;
        }
    }

    public static Result run(String... cmd) {
        return run(Map.of(), cmd);
    }

    public static Result run(Map<String, String> env, String... cmd) {
        try {
            Path out = Files.createTempFile("courtyard-shell", ".out");
            try {
                ProcessBuilder b =
                        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
                b.environment().putAll(env);
                Process p = b.start();
                if (!p.waitFor(3, TimeUnit.MINUTES)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError(String.join(" ", cmd) + " did not finish in 3 minutes");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return new Result(127, String.join(" ", cmd) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + String.join(" ", cmd), e);
        }
    }

    /** Whether this JVM runs as root (mount, dpkg and chown need it; CI runs as root). */
    public static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
