package io.courtyard.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Debian {@code victoria-metrics} process on a free loopback port: a server that accepts
 * influxdb-client-java's {@code /api/v2/write} calls (InfluxDB 2 itself is not installable here).
 *
 * <p>Flags, and why: {@code -retentionPeriod=100y} because the default (one month) silently drops
 * older samples while still answering 204, and tests use fixed device times;
 * {@code -dedup.minScrapeInterval=1ms} because VictoriaMetrics otherwise keeps every duplicate
 * sample, whereas InfluxDB replaces a point with the same series key and timestamp, which is the
 * behaviour the sink relies on for redeliveries. VictoriaMetrics stores milliseconds (nanosecond
 * timestamps are truncated) and names a series {@code <measurement>_<field>}; string fields are
 * stored as 0. On {@code /api/v2/write} (1.79) it ignores {@code org}, {@code bucket} and the token;
 * only the v1 {@code db} parameter becomes a label. It answers 204 even for lines it could not
 * parse or rows it dropped, so a test must read back, never trust the status.
 */
public final class VictoriaMetricsServer implements AutoCloseable {
    private static final Path DEBIAN_BINARY = Path.of("/usr/bin/victoria-metrics");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Path binary;
    private final Path dir;
    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private Process process;

    private VictoriaMetricsServer(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    /** Starts a server keeping its data and log under {@code dir}; fails (never skips) without the binary. */
    public static VictoriaMetricsServer start(Path dir) throws IOException, InterruptedException {
        VictoriaMetricsServer s = new VictoriaMetricsServer(locateBinary(), dir, freePort());
        s.startProcess();
        return s;
    }

    /** {@code command -v victoria-metrics}, else the Debian path; a clear failure when neither exists. */
    static Path locateBinary() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (!d.isEmpty()) {
                Path p = Path.of(d, "victoria-metrics");
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        if (Files.isExecutable(DEBIAN_BINARY)) {
            return DEBIAN_BINARY;
        }
        throw new AssertionError("victoria-metrics not found on PATH nor at " + DEBIAN_BINARY
                + ": the InfluxDB sink tests need a real server accepting /api/v2/write."
                + " Install it with `apt-get install victoria-metrics` (scripts/install-deps does this).");
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** Kills the process (data stays on disk), as an outage would. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        process = null;
    }

    /** Starts again on the same port and data directory, as after an outage. */
    public void restart() throws IOException, InterruptedException {
        stop();
        startProcess();
    }

    /** Kills the process without waiting for a graceful flush: the test is done with its data. */
    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Every stored series matching a PromQL series selector, e.g. {@code {__name__=~"ride_.+"}}. */
    public List<Series> export(String selector) throws IOException, InterruptedException {
        // Recent rows sit in in-memory buffers until flushed; export only sees flushed ones.
        send(HttpRequest.newBuilder(url().resolve("/internal/force_flush")).build());
        String query = "match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8);
        String body = send(
                HttpRequest.newBuilder(url().resolve("/api/v1/export?" + query)).build());
        List<Series> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                out.add(Series.parse(json.readTree(line)));
            }
        }
        return out;
    }

    private String send(HttpRequest req) throws IOException, InterruptedException {
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() / 100 != 2) {
            throw new IOException(req.uri() + " answered " + res.statusCode() + ": " + res.body());
        }
        return res.body();
    }

    private void startProcess() throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path log = dir.resolve("victoria-metrics.log");
        process = new ProcessBuilder(
                        binary.toString(),
                        "-httpListenAddr=127.0.0.1:" + port,
                        "-storageDataPath=" + dir.resolve("data"),
                        "-retentionPeriod=100y",
                        "-dedup.minScrapeInterval=1ms")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "victoria-metrics exited with " + process.exitValue() + "; log:\n" + Files.readString(log));
            }
            if (healthy()) {
                return;
            }
            Thread.sleep(20);
        }
        stop();
        throw new IllegalStateException("victoria-metrics not healthy on port " + port + " after " + START_TIMEOUT
                + "; log:\n" + Files.readString(log));
    }

    private boolean healthy() throws InterruptedException {
        try {
            HttpResponse<String> res = http.send(
                    HttpRequest.newBuilder(url().resolve("/health"))
                            .timeout(Duration.ofSeconds(1))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return res.statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One exported series: name and labels, and its samples (millisecond timestamps) in time order. */
    public record Series(String name, Map<String, String> labels, List<Double> values, List<Long> timestamps) {
        static Series parse(JsonNode n) {
            Map<String, String> labels = new LinkedHashMap<>();
            n.get("metric")
                    .properties()
                    .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            String name = labels.remove("__name__");
            List<Double> values = new ArrayList<>();
            n.get("values").forEach(v -> values.add(v.asDouble()));
            List<Long> timestamps = new ArrayList<>();
            n.get("timestamps").forEach(t -> timestamps.add(t.asLong()));
            return new Series(name, labels, values, timestamps);
        }
    }
}
