package io.courtyard.ops;

import io.courtyard.runtime.LogLimiter;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service manager's notification socket ({@code $NOTIFY_SOCKET}, sd_notify(3)): {@code
 * READY=1}, {@code STATUS=}, {@code STOPPING=1} and {@code WATCHDOG=1}. Silent when the gateway
 * was not started by systemd with {@code Type=notify}.
 *
 * <p>The socket is a Unix datagram socket, which JDK 17 cannot open ({@code DatagramChannel} has
 * no {@code AF_UNIX}; a stream socket is refused by systemd). Netty's native transport, which the
 * gateway ships for Linux x86-64 and aarch64 anyway, can: its {@code unix.Socket} sends one
 * datagram without any event loop. A {@code systemd-notify} child per message was the other
 * choice; systemd attributes its messages to the child, not to the service's main process.
 */
final class SystemdNotify implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SystemdNotify.class);

    /** sizeof(sockaddr_un.sun_path) on Linux. */
    private static final int SUN_PATH = 108;

    private final String socket;
    private final byte[] address;
    private final Duration watchdog;
    private final LogLimiter failures = new LogLimiter(Duration.ofMinutes(1));
    private Socket channel;
    private boolean broken;

    private SystemdNotify(String socket, byte[] address, Duration watchdog) {
        this.socket = socket;
        this.address = address;
        this.watchdog = watchdog;
    }

    /** From this process's environment. */
    static SystemdNotify fromEnvironment() {
        return fromEnvironment(System.getenv(), ProcessHandle.current().pid());
    }

    /**
     * {@code NOTIFY_SOCKET} is a path, or an abstract socket name when it starts with {@code @};
     * {@code WATCHDOG_USEC} is the watchdog interval, meant for us only when {@code WATCHDOG_PID} is
     * unset or names this process.
     */
    static SystemdNotify fromEnvironment(Map<String, String> env, long pid) {
        String socket = env.get("NOTIFY_SOCKET");
        byte[] address = null;
        if (socket != null && socket.startsWith("/")) {
            address = socket.getBytes(StandardCharsets.UTF_8);
        } else if (socket != null && socket.startsWith("@") && socket.length() > 1) {
            address = ("\0" + socket.substring(1)).getBytes(StandardCharsets.UTF_8);
        } else if (socket != null && !socket.isEmpty()) {
            log.warn("NOTIFY_SOCKET={}: not a path or an abstract socket name; systemd will not hear from us", socket);
        }
        if (address != null && address.length > SUN_PATH) {
            log.warn("NOTIFY_SOCKET={}: longer than a socket address can be; systemd will not hear from us", socket);
            address = null;
        }
        return new SystemdNotify(address == null ? null : socket, address, watchdog(env, pid));
    }

    private static Duration watchdog(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (usec == null || (forPid != null && !forPid.equals(Long.toString(pid)))) {
            return null;
        }
        try {
            long micros = Long.parseLong(usec);
            if (micros > 0) {
                return Duration.ofNanos(Math.multiplyExact(micros, 1000L));
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        log.warn("WATCHDOG_USEC={}: not a positive number of microseconds; the watchdog is off", usec);
        return null;
    }

    boolean enabled() {
        return address != null;
    }

    /** The interval systemd expects pings within, when its watchdog is on for this process. */
    Optional<Duration> watchdogInterval() {
        return enabled() ? Optional.ofNullable(watchdog) : Optional.empty();
    }

    void ready(String status) {
        send("READY=1\nSTATUS=" + status);
    }

    void status(String status) {
        send("STATUS=" + status);
    }

    void stopping(String status) {
        send("STOPPING=1\nSTATUS=" + status);
    }

    boolean watchdog() {
        return send("WATCHDOG=1");
    }

    /** Sends one datagram; true when the socket took it. Failures are logged (once a minute), never thrown. */
    synchronized boolean send(String message) {
        if (!enabled() || broken) {
            return false;
        }
        try {
            if (channel == null) {
                if (!Epoll.isAvailable()) {
                    broken = true;
                    log.error(
                            "NOTIFY_SOCKET is set but the native transport is unavailable ({}): systemd will not hear"
                                    + " READY and stops the service at its start timeout; run on Linux x86-64 or"
                                    + " aarch64, or use Type=exec",
                            Epoll.unavailabilityCause().toString());
                    return false;
                }
                channel = Socket.newSocketDomainDgram();
            }
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            ByteBuffer buf = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
            int sent = channel.sendToDomainSocket(buf, 0, bytes.length, address);
            if (sent == bytes.length) {
                return true;
            }
            failed("the socket's queue is full");
        } catch (IOException | RuntimeException e) {
            failed(e.toString());
        }
        return false;
    }

    private void failed(String why) {
        long suppressed = failures.permit();
        if (suppressed >= 0) {
            log.warn("systemd notification to {} failed: {} ({} more since the last report)", socket, why, suppressed);
        }
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("closing the notification socket: {}", e.toString());
            }
            channel = null;
        }
    }
}
