package io.courtyard.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Debian mosquitto on a free loopback port, persistence in the given directory. Stop and
 * restart keep the port and the persisted sessions, as a broker restart in production does.
 * Fails (never skips) when mosquitto is not installed: the uplink's acceptance runs on it.
 */
public final class Mosquitto implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private final Path conf;
    private final Path log;
    private final int port;
    private Process process;

    private Mosquitto(Path dir, int port, List<String> listenerOptions) throws IOException {
        this.dir = dir;
        this.port = port;
        this.conf = dir.resolve("mosquitto.conf");
        this.log = dir.resolve("mosquitto.log");
        List<String> lines = new ArrayList<>();
        lines.add("listener " + port + " 127.0.0.1");
        lines.addAll(listenerOptions);
        lines.add("allow_anonymous true");
        lines.add("persistence true");
        lines.add("persistence_location " + dir.toAbsolutePath() + "/");
        // Started as root, mosquitto would drop to user 'mosquitto', who cannot write a @TempDir.
        lines.add("user root");
        // Default 1000: a slow test subscriber would silently lose QoS 1 messages beyond it.
        lines.add("max_queued_messages 0");
        // stderr: mosquitto buffers stdout when it is a file, and the log would miss its last lines.
        lines.add("log_dest stderr");
        lines.add("log_type error");
        lines.add("log_type warning");
        lines.add("log_type notice");
        lines.add("log_type information");
        Files.write(conf, lines, StandardCharsets.UTF_8);
    }

    /** A plain-TCP broker. */
    public static Mosquitto start(Path dir) throws IOException {
        return start(dir, List.of());
    }

    /** A broker whose listener takes extra options, e.g. {@code cafile}, {@code certfile}, {@code require_certificate}. */
    public static Mosquitto start(Path dir, List<String> listenerOptions) throws IOException {
        requireInstalled();
        Mosquitto m = new Mosquitto(dir, freePort(), listenerOptions);
        m.startProcess();
        return m;
    }

    public static void requireInstalled() {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: the uplink tests need a real mosquitto broker."
                    + " Install it with scripts/install-deps (or: apt-get install mosquitto mosquitto-clients).");
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void startProcess() throws IOException {
        process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            await("mosquitto listening on " + port)
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(
                                    "mosquitto exited with " + process.exitValue() + ":\n" + log());
                        }
                        return accepts(port);
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("mosquitto did not listen on " + port + ":\n" + log(), e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Graceful stop (SIGTERM): mosquitto saves sessions and queued messages to its persistence file. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** Starts again on the same port with the same persistence directory. */
    public void restart() throws IOException, InterruptedException {
        stop();
        startProcess();
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
