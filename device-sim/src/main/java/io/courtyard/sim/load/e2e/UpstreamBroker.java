package io.courtyard.sim.load.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The platform's broker for a load run: Debian's mosquitto as its own process (so its CPU is not the
 * simulator's or the gateway's), MQTT 5 on a free loopback port, with persistence so that a stop
 * and start keep the platform subscriber's session and what is queued for it, as a production
 * broker restart does. Stop is SIGTERM to the process this class started, by its handle.
 */
final class UpstreamBroker implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    /** Starts on a new free port when the chosen one was taken before mosquitto could bind it. */
    private static final int ATTEMPTS = 3;
    /** A refused bind ends mosquitto within milliseconds of its start. */
    private static final long SETTLE_MS = 300;

    private final Path dir;
    private final Path conf;
    private final Path log;
    private int port;
    private Process process;
    private boolean everStarted;

    UpstreamBroker(Path dir) throws IOException {
        this(dir, freePort());
    }

    /** @param port where to listen first; taken, the broker moves to a free one ({@link #start()}) */
    UpstreamBroker(Path dir, int port) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(
                    BINARY + " is missing: the load run's upstream broker is mosquitto (apt-get install mosquitto)");
        }
        Files.createDirectories(dir);
        this.dir = dir;
        this.port = port;
        conf = dir.resolve("mosquitto.conf");
        log = dir.resolve("mosquitto.log");
        writeConf();
    }

    private void writeConf() throws IOException {
        Files.write(
                conf,
                List.of(
                        "listener " + port + " 127.0.0.1",
                        "allow_anonymous true",
                        "persistence true",
                        "persistence_location " + dir.toAbsolutePath() + "/",
                        // As root mosquitto would switch to user 'mosquitto', who cannot write the run's directory.
                        "user root",
                        // Default 1000: messages queued for the subscriber beyond it would be dropped, silently.
                        "max_queued_messages 0",
                        "max_inflight_messages 1000",
                        "log_dest stderr",
                        "log_type error",
                        "log_type warning",
                        "log_type notice"),
                StandardCharsets.UTF_8);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts mosquitto and waits until it listens. A port found free can be taken before mosquitto
     * binds it (a broker of the run before still closing): mosquitto then exits with "Address
     * already in use" while the other listener answers, and a platform subscriber would connect to
     * that one and wait in vain. So the listener counts only while this process lives, a moment
     * after it first answered; otherwise the broker starts again on a new free port (a first start
     * only: a restart keeps its port, which the gateway knows).
     */
    void start() throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            if (launch()) {
                return;
            }
            if (attempt == ATTEMPTS || everStarted) {
                throw new IOException("mosquitto exited with " + process.exitValue() + " (port " + port
                        + " taken by another process?), see " + log);
            }
            port = freePort();
            writeConf();
        }
    }

    /** True once this process listens; false when it exited first. */
    private boolean launch() throws IOException, InterruptedException {
        process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!accepts()) {
            if (!process.isAlive()) {
                return false;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("mosquitto does not listen on " + port + " after 10 s, see " + log);
            }
            Thread.sleep(10);
        }
        if (process.waitFor(SETTLE_MS, TimeUnit.MILLISECONDS)) {
            return false;
        }
        everStarted = true;
        return true;
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM: mosquitto writes its sessions and queued messages to the persistence file, then exits. */
    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        process = null;
    }

    long pid() {
        return process == null ? -1 : process.pid();
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    int port() {
        return port;
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
