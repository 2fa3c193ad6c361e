package io.courtyard.sim.scenario;

import io.courtyard.ops.Courtyard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real gateway in a child JVM ({@code courtyard run}), on the classpath this simulator runs
 * from: the shaded simulator jar carries the gateway, and a test's classpath does too. Output goes
 * to a log file per start; the process is stopped, or killed, through its own handle only.
 */
final class GatewayProcess implements AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofSeconds(90);

    private final Path config;
    private final Path dir;
    private Process process;
    private Path log;
    private int starts;

    GatewayProcess(Path config, Path dir) {
        this.config = config;
        this.dir = dir;
    }

    /** Starts the gateway and waits for its READY line; fails with the log's tail if it exits first. */
    void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("gateway already running, pid " + process.pid());
        }
        log = dir.resolve("gateway-" + ++starts + ".log");
        process = courtyard(List.of("run", "--config", config.toString()), log);
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)
                    && Files.readString(log, StandardCharsets.UTF_8).contains(" READY courtyard")) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "gateway exited with " + process.exitValue() + " before READY; " + log + " ends:\n" + tail());
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("gateway not READY within " + READY_WITHIN + "; " + log);
    }

    /** SIGKILL through the handle: no shutdown hook runs, nothing is flushed. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gateway pid " + process.pid() + " still alive after SIGKILL");
        }
    }

    /** SIGTERM through the handle, as systemd stops it; the exit code, or -1 if it had to be killed. */
    int stop() throws InterruptedException {
        if (process == null) {
            return 0;
        }
        process.destroy();
        if (process.waitFor(30, TimeUnit.SECONDS)) {
            return process.exitValue();
        }
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        return -1;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Runs another {@code courtyard} command against the same configuration (e.g. {@code faults arrive}). */
    CommandResult command(List<String> args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--config", config.toString()));
        Path out = dir.resolve("command-" + System.nanoTime() + ".log");
        Process p = courtyard(all, out);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("courtyard " + args + " did not finish within 60 s");
        }
        return new CommandResult(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    /** A finished command's exit code and output. */
    record CommandResult(int exit, String output) {}

    String tail() throws IOException {
        return tail(log, 20);
    }

    /** The last {@code n} lines of a child's output file. */
    static String tail(Path output, int n) throws IOException {
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    private Process courtyard(List<String> args, Path output) throws IOException {
        return java(List.of("-Xmx256m"), Courtyard.class.getName(), args, output);
    }

    /** A JVM of this one's Java and classpath running {@code mainClass}, its output (stderr too) to a file. */
    static Process java(List<String> jvmOptions, String mainClass, List<String> args, Path output) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
