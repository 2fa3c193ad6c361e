package io.courtyard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose stdout and stderr go to one file, so tests can poll its output with
 * Awaitility; closing it kills whatever is still running.
 */
public final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final Path output;
    private final List<String> command;

    private ChildProcess(Process process, Path output, List<String> command) {
        this.process = process;
        this.output = output;
        this.command = command;
    }

    public static ChildProcess start(List<String> command, Path workDir, Path output) {
        return start(command, workDir, output, java.util.Map.of());
    }

    /** With {@code env} added to (or, for a null value, removed from) the inherited environment. */
    public static ChildProcess start(
            List<String> command, Path workDir, Path output, java.util.Map<String, String> env) {
        try {
            ProcessBuilder b = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            env.forEach((k, v) -> {
                if (v == null) {
                    b.environment().remove(k);
                } else {
                    b.environment().put(k, v);
                }
            });
            Process p = b.start();
            return new ChildProcess(p, output, List.copyOf(command));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /**
     * {@code java -jar courtyard-gateway.jar ARGS} on a small, quick JVM (the build machine is
     * shared), as systemd or an operator runs it.
     */
    public static List<String> gatewayCommand(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                javaExecutable(),
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                ProjectFiles.gatewayJar().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The java launcher of the JVM running the tests, so the child runs on the same Java. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public Process process() {
        return process;
    }

    /** Everything the process has written so far (a half-written character decodes as U+FFFD). */
    public String output() {
        try {
            return Files.exists(output)
                    ? new String(Files.readAllBytes(output), java.nio.charset.StandardCharsets.UTF_8)
                    : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the output matches {@code pattern} and returns its first group; fails at once,
     * with the output, when the process exits first.
     */
    public String awaitOutput(java.util.regex.Pattern pattern, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            String text = output();
            java.util.regex.Matcher m = pattern.matcher(text);
            if (m.find()) {
                return m.groupCount() > 0 ? m.group(1) : m.group();
            }
            if (!process.isAlive()) {
                throw new AssertionError("exited (" + process.exitValue() + ") before '" + pattern + "':\n" + text);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + pattern + "' after " + limit + ":\n" + text);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Waits for the exit code; fails (and kills the process) when it takes longer than {@code limit}. */
    public int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("still running after " + limit + ": " + command + "\n--- output ---\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
