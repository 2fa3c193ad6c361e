package io.courtyard.sim.load.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway under load as its own JVM, started the way the systemd unit starts it ({@code run
 * --config}, the unit's heap options unless told otherwise), from this JVM's class path, which
 * holds the gateway. Its output goes to a file in the run's directory; {@code /metrics} on its
 * operator listener is read for the journal's and the uplink's counters.
 */
final class GatewayProcess implements AutoCloseable {
    /** The systemd unit's JVM options (systemd/courtyard-gateway.service; a test holds them equal). */
    static final String UNIT_JVM = "-Xms64m -Xmx256m -Xmn20m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
            + " -XX:+UseSerialGC -XX:+UnlockExperimentalVMOptions"
            + " -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError -Dio.netty.allocator.numDirectArenas=1"
            + " -XX:ThreadPriorityPolicy=1 -XX:CompilerThreadPriority=0";

    static final List<String> UNIT_JVM_OPTIONS = List.of(UNIT_JVM.split(" "));

    /** The unit's environment, as the gateway sees it under systemd. */
    static final Map<String, String> UNIT_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2", "LANG", "C.UTF-8");

    private static final Pattern READY = Pattern.compile("READY courtyard .* http=http://([0-9.]+:[0-9]+)/");
    private static final String MAIN = "io.courtyard.ops.Courtyard";

    private final Process process;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI metrics;

    private GatewayProcess(Process process, Path log, URI metrics) {
        this.process = process;
        this.log = log;
        this.metrics = metrics;
    }

    /** {@code courtyard ARGS} to completion (e.g. {@code acl import}); fails with its output on a non-zero exit. */
    static void runCommand(List<String> jvmOptions, Path dir, String name, String... args)
            throws IOException, InterruptedException {
        Path out = dir.resolve(name + ".log");
        Process p = builder(jvmOptions, args, out).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IOException("courtyard " + String.join(" ", args) + " did not finish in 60 s, see " + out);
        }
        if (p.exitValue() != 0) {
            throw new IOException("courtyard " + String.join(" ", args) + " exited " + p.exitValue() + ":\n"
                    + Files.readString(out, StandardCharsets.UTF_8));
        }
    }

    /** Starts {@code courtyard run --config CONFIG} and waits (up to a minute) for its READY line. */
    static GatewayProcess start(List<String> jvmOptions, Path config, Path log)
            throws IOException, InterruptedException {
        Process p = builder(jvmOptions, new String[] {"run", "--config", config.toString()}, log)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            Matcher m = READY.matcher(text);
            if (m.find()) {
                return new GatewayProcess(p, log, URI.create("http://" + m.group(1) + "/metrics"));
            }
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IOException(
                        "the gateway did not start (exit " + (p.isAlive() ? "-" : p.exitValue()) + "):\n" + tail(text));
            }
            Thread.sleep(100);
        }
    }

    private static ProcessBuilder builder(List<String> jvmOptions, String[] args, Path out) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(MAIN);
        cmd.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        b.environment().putAll(UNIT_ENVIRONMENT);
        return b;
    }

    private static String tail(String text) {
        return text.length() > 4000 ? "…" + text.substring(text.length() - 4000) : text;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /**
     * The sum of a Prometheus sample family's values ({@code name} exactly, any labels), or NaN
     * when the gateway does not answer.
     */
    double metric(String name) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(metrics)
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            double sum = 0;
            boolean found = false;
            for (String line : r.body().split("\n")) {
                if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    found = true;
                }
            }
            return found ? sum : Double.NaN;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /** SIGTERM and wait for the gateway's ordered shutdown; the exit code, or -1 when it had to be killed. */
    int stop() throws InterruptedException {
        process.destroy();
        if (process.waitFor(60, TimeUnit.SECONDS)) {
            return process.exitValue();
        }
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return -1;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
