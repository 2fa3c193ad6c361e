package io.courtyard.testsupport;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainDatagramSocketAddress;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A stand-in for systemd's notification socket: a Unix datagram socket the test owns, bound to a
 * path or an abstract name, recording every datagram with its arrival time. Hand {@link #env()}
 * to the code under test as {@code NOTIFY_SOCKET}.
 */
public final class NotifySocket implements AutoCloseable {
    /** One datagram: its arrival ({@code System.nanoTime()}) and its text ({@code KEY=VALUE} lines). */
    public record Message(long nanos, String text) {
        public boolean has(String line) {
            return text.lines().anyMatch(line::equals);
        }

        public boolean startsWith(String prefix) {
            return text.lines().anyMatch(l -> l.startsWith(prefix));
        }
    }

    private final Socket socket;
    private final String env;
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean closed;

    private NotifySocket(Socket socket, String env) {
        this.socket = socket;
        this.env = env;
        this.reader = new Thread(this::read, "notify-socket-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Bound to {@code path}, as systemd's {@code /run/systemd/notify}. */
    public static NotifySocket at(Path path) {
        return bind(path.toString(), path.toString());
    }

    /** Bound to an abstract name: {@code NOTIFY_SOCKET=@name}, as systemd uses for user services. */
    public static NotifySocket abstractName(String name) {
        return bind("\0" + name, "@" + name);
    }

    private static NotifySocket bind(String address, String env) {
        Epoll.ensureAvailability();
        Socket s = Socket.newSocketDomainDgram();
        try {
            s.bind(new DomainSocketAddress(address));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind " + env, e);
        }
        return new NotifySocket(s, env);
    }

    /** The value for {@code NOTIFY_SOCKET}. */
    public String env() {
        return env;
    }

    public List<Message> messages() {
        return List.copyOf(messages);
    }

    /** Arrival times of the {@code WATCHDOG=1} pings. */
    public List<Long> pings() {
        return messages.stream()
                .filter(m -> m.has("WATCHDOG=1"))
                .map(Message::nanos)
                .toList();
    }

    /** Pings that arrived at or after {@code nanos}. */
    public long pingsSince(long nanos) {
        return pings().stream().filter(t -> t - nanos >= 0).count();
    }

    /** The last {@code STATUS=} value, or null. */
    public String lastStatus() {
        String last = null;
        for (Message m : messages) {
            for (String l : m.text().lines().toList()) {
                if (l.startsWith("STATUS=")) {
                    last = l.substring("STATUS=".length());
                }
            }
        }
        return last;
    }

    private void read() {
        ByteBuffer buf = ByteBuffer.allocateDirect(4096);
        while (!closed) {
            try {
                buf.clear();
                DomainDatagramSocketAddress from = socket.recvFromDomainSocket(buf, 0, buf.capacity());
                if (from == null) {
                    LockSupport.parkNanos(2_000_000); // non-blocking socket: nothing there yet
                    continue;
                }
                byte[] bytes = new byte[from.receivedAmount()];
                buf.get(0, bytes);
                messages.add(new Message(System.nanoTime(), new String(bytes, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                if (!closed) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close();
    }
}
