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

    private final Path conf;
    private final Path log;
    private final int port;
    private Process process;

    UpstreamBroker(Path dir) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(
                    BINARY + " is missing: the load run's upstream broker is mosquitto (apt-get install mosquitto)");
        }
        Files.createDirectories(dir);
        port = freePort();
        conf = dir.resolve("mosquitto.conf");
        log = dir.resolve("mosquitto.log");
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

    void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!accepts()) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited with " + process.exitValue() + ", see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("mosquitto does not listen on " + port + " after 10 s, see " + log);
            }
            Thread.sleep(10);
        }
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
