package io.courtyard.device.monitor;

import io.courtyard.device.monitor.MonitorEvents.Car;
import io.courtyard.device.mqtt.Departure;
import io.courtyard.device.mqtt.DeviceMessages.Connection;
import io.courtyard.journal.EventDraft;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Whether a monitor is there: online when it connects, offline when its last connection ends (with
 * the listener's reason), offline too when it has published nothing for the silence timeout while
 * still connected (a hung firmware keeps answering pings), online again when it publishes. A
 * monitor never heard of since the gateway started is reported once, after the same timeout.
 * Guarded by its monitor's lock.
 */
final class Presence {
    private final Car car;
    private final Duration silence;
    private final MonitorMetrics metrics;
    private final Instant since;
    private boolean connected;
    private boolean silent;
    private boolean everConnected;
    private boolean reportedAbsent;
    private Instant lastMessageAt;
    private Instant connectedAt;

    Presence(Car car, Duration silence, MonitorMetrics metrics, Instant since) {
        this.car = car;
        this.silence = silence;
        this.metrics = metrics;
        this.since = since;
    }

    /** Online and publishing. */
    boolean online() {
        return connected && !silent;
    }

    void connected(Connection c, Instant now, List<EventDraft> out) {
        connected = true;
        everConnected = true;
        silent = false;
        connectedAt = now;
        out.add(MonitorEvents.online(car, c, "connected", now));
    }

    void disconnected(Departure d, Instant now, List<EventDraft> out) {
        connected = false;
        if (d == Departure.SERVER_STOPPING) {
            // Every monitor would go offline at each restart of the gateway: not news upstream.
            return;
        }
        metrics.offline(d.tag());
        out.add(MonitorEvents.offline(car, d.tag(), lastMessageAt, null, now));
    }

    void published(Instant now, List<EventDraft> out) {
        lastMessageAt = now;
        if (silent && connected) {
            silent = false;
            out.add(MonitorEvents.online(car, null, "publishing", now));
        }
    }

    void sweep(Instant now, List<EventDraft> out) {
        if (connected && !silent) {
            Instant quietSince =
                    lastMessageAt != null && lastMessageAt.isAfter(connectedAt) ? lastMessageAt : connectedAt;
            Duration quiet = Duration.between(quietSince, now);
            if (quiet.compareTo(silence) >= 0) {
                silent = true;
                metrics.offline("silent");
                out.add(MonitorEvents.offline(car, "silent", lastMessageAt, quiet, now));
            }
        } else if (!everConnected
                && !reportedAbsent
                && Duration.between(since, now).compareTo(silence) >= 0) {
            reportedAbsent = true;
            metrics.offline("never-connected");
            out.add(MonitorEvents.offline(car, "never-connected", null, Duration.between(since, now), now));
        }
    }
}
