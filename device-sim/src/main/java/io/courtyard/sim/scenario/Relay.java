package io.courtyard.sim.scenario;

import io.courtyard.runtime.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network between the gateway and the platform's broker: a TCP relay on a port of its own.
 * {@link #cut()} closes its listening socket and every connection through it, so the gateway sees
 * exactly what a stopped broker shows it (connections reset, then refused), while the scenario's
 * recorder, connected to the broker directly, keeps its session and misses nothing that arrives.
 */
final class Relay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Relay.class);

    private final int port;
    private final int target;
    private final ThreadFactory threads = Threads.named("scenario-relay", true);
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    Relay(int port, int target) {
        this.port = port;
        this.target = target;
    }

    int port() {
        return port;
    }

    /** Accepts connections again, on the same port. */
    synchronized void mend() throws IOException {
        if (server != null) {
            return;
        }
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = s;
        threads.newThread(() -> accept(s)).start();
    }

    /** The broker goes away: no new connection is accepted and every open one is dropped. */
    synchronized void cut() {
        ServerSocket s = server;
        server = null;
        closeQuietly(s);
        open.forEach(Relay::closeQuietly);
        open.clear();
        log.info("relay to the upstream broker cut");
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket in = s.accept();
                Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                open.add(in);
                open.add(out);
                threads.newThread(() -> pump(in, out)).start();
                threads.newThread(() -> pump(out, in)).start();
            } catch (IOException e) {
                if (!s.isClosed()) {
                    log.warn("relay accept: {}", e.toString());
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[16 << 10];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // The other side closed, or the relay was cut: either way this pair is done.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // Closing is all that was asked.
        }
    }

    @Override
    public void close() {
        cut();
    }
}
