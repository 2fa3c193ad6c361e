package io.courtyard.device.mqtt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener's sessions: the live connection of each session key (a second CONNECT with the same
 * client id takes over, closing the first, as brokers do), the sessions a device asked to outlive
 * its connection (kept in memory: their subscriptions and a delayed will), and how many connections
 * each device has, so that the other side hears of the first opening and the last closing only.
 */
final class Sessions {
    private static final Logger log = LoggerFactory.getLogger(Sessions.class);
    /** Sessions kept after their connection; beyond this many, no more are kept (and that is logged). */
    static final int MAX_STORED = 4096;

    private final DeviceMessages messages;
    private final WillPublisher wills;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<String, SessionHandler> live = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Stored> stored = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> perDevice = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers;

    /** A session kept after its connection closed. */
    private record Stored(Session session, Set<String> subscriptions, long expiresAt, ScheduledFuture<?> will) {}

    /** What a new connection finds of its session. */
    record Attached(boolean sessionPresent, Set<String> subscriptions) {}

    /** Publishes a will: the listener's hand-over to {@link DeviceMessages}. */
    @FunctionalInterface
    interface WillPublisher {
        void publish(Session session);
    }

    /** @param timers where delayed wills wait (the device event loops: the task only hands a message over) */
    Sessions(DeviceMessages messages, WillPublisher wills, ScheduledExecutorService timers, LongSupplier nanos) {
        this.messages = messages;
        this.wills = wills;
        this.timers = timers;
        this.nanos = nanos;
    }

    /** Registers a connection that passed CONNECT; takes over any live one with the same key. */
    Attached attach(Session s, SessionHandler handler, boolean cleanStart) {
        counted(s.device(), +1, null, s);
        SessionHandler previous = live.put(s.key(), handler);
        Stored kept = stored.remove(s.key());
        Set<String> subscriptions = new LinkedHashSet<>();
        boolean present = false;
        if (previous != null) {
            // Resumed by a takeover with CleanStart 0, the session lives on: no will (MQTT 5 3.1.2.5).
            subscriptions.addAll(previous.subscriptions());
            present = !cleanStart;
            previous.takenOver(!cleanStart);
        } else if (kept != null && kept.expiresAt - nanos.getAsLong() > 0) {
            if (kept.will != null) {
                // A session ended by a clean start publishes its delayed will now; a resumed one never does.
                if (kept.will.cancel(false) && cleanStart) {
                    wills.publish(kept.session);
                }
            }
            if (!cleanStart) {
                subscriptions.addAll(kept.subscriptions);
                present = true;
            }
        }
        if (cleanStart) {
            subscriptions.clear();
        }
        return new Attached(present, subscriptions);
    }

    /** A connection closed: keep its session if it asked for that, time or publish its will, count it. */
    void detach(SessionHandler handler, Departure departure, boolean sessionContinues) {
        Session s = handler.session();
        boolean wasLive = live.remove(s.key(), handler);
        boolean willDue = departure.publishesWill() && s.will() != null && !sessionContinues;
        long keepFor = departure == Departure.SERVER_STOPPING ? 0 : s.sessionExpirySeconds();
        ScheduledFuture<?> delayedWill = null;
        if (willDue) {
            long delay = Math.min(s.will().delaySeconds(), keepFor);
            if (delay == 0) {
                wills.publish(s);
            } else {
                delayedWill = timers.schedule(() -> wills.publish(s), delay, TimeUnit.SECONDS);
            }
        }
        if (wasLive && keepFor > 0) {
            keep(s, handler.subscriptions(), keepFor, delayedWill);
        }
        counted(s.device(), -1, departure, s);
    }

    private void keep(Session s, Collection<String> subscriptions, long seconds, ScheduledFuture<?> will) {
        long now = nanos.getAsLong();
        if (stored.size() >= MAX_STORED) {
            stored.values().removeIf(k -> k.expiresAt - now <= 0);
        }
        if (stored.size() >= MAX_STORED) {
            log.warn(
                    "device-mqtt: {} sessions kept already; the session of {} ends with its connection",
                    MAX_STORED,
                    s.device());
            return;
        }
        stored.put(s.key(), new Stored(s, Set.copyOf(subscriptions), now + TimeUnit.SECONDS.toNanos(seconds), will));
    }

    private void counted(String device, int delta, Departure departure, Session s) {
        // Told inside compute: a device's openings and closings reach the other side in their order,
        // even when its connections live on different event loops.
        perDevice.compute(device, (d, n) -> {
            int now = (n == null ? 0 : n) + delta;
            if (delta > 0 && now == 1) {
                messages.online(device, s.connection());
            } else if (delta < 0 && now == 0) {
                messages.offline(device, departure);
            }
            return now <= 0 ? null : now;
        });
    }

    /** The live connections of {@code device}. */
    List<SessionHandler> of(String device) {
        List<SessionHandler> out = new ArrayList<>();
        live.values().stream().filter(h -> h.session().device().equals(device)).forEach(out::add);
        return out;
    }

    Collection<SessionHandler> all() {
        return List.copyOf(live.values());
    }

    int size() {
        return live.size();
    }
}
