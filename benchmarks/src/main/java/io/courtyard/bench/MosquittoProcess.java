package io.courtyard.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Debian's mosquitto on a free loopback port, for end-to-end harnesses. */
public final class MosquittoProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private MosquittoProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static MosquittoProcess start(Path dir) throws IOException, InterruptedException {
        return start(dir, "allow_anonymous true\n");
    }

    /** With {@code settings} (whole lines: ACL, authentication) after the listener. */
    public static MosquittoProcess start(Path dir, String settings) throws IOException, InterruptedException {
        Path binary = Path.of("/usr/sbin/mosquitto");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("mosquitto is missing: run scripts/install-deps test");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(
                conf,
                "listener " + port + " 127.0.0.1\n" + settings + "user root\n"
                        + "persistence false\nmax_inflight_messages 0\nmax_queued_messages 0\n",
                StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(binary.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new MosquittoProcess(p, port);
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException(
                "mosquitto did not listen on " + port + "; see " + dir.resolve("mosquitto.log"));
    }

    /** The broker's process id, for its CPU and memory in /proc. */
    public long pid() {
        return process.pid();
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
