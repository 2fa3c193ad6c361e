package io.courtyard.device.lpr;

import io.courtyard.journal.EventSink;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices cameras that fall silent: no push and no heartbeat for their {@code offlineAfter} raises a
 * {@code device-offline} alarm, the next push or heartbeat clears it. A camera that was reported
 * offline before a restart is still offline until it is heard from.
 */
final class CameraWatch {
    private static final Logger log = LoggerFactory.getLogger(CameraWatch.class);

    private final Map<String, State> states = new HashMap<>();
    private final EventSink events;
    private final Clock clock;

    /** One camera's last sign of life and whether it is reported offline; guarded by its own monitor. */
    private static final class State {
        final Camera camera;
        long lastSeen;
        boolean offline;

        State(Camera camera, long lastSeen, boolean offline) {
            this.camera = camera;
            this.lastSeen = lastSeen;
            this.offline = offline;
        }
    }

    /** @param offline the barriers whose cameras the journal last reported offline */
    CameraWatch(List<Camera> cameras, Set<String> offline, EventSink events, Clock clock) {
        this.events = events;
        this.clock = clock;
        long now = System.nanoTime();
        // The clock starts at startup: a camera is given its full offlineAfter to be heard.
        cameras.forEach(c -> states.put(c.barrier(), new State(c, now, offline.contains(c.barrier()))));
    }

    /** A push or heartbeat from {@code cam}; clears its alarm when it was offline. */
    void seen(Camera cam) {
        State s = states.get(cam.barrier());
        long now = System.nanoTime();
        long silent;
        synchronized (s) {
            silent = now - s.lastSeen;
            s.lastSeen = now;
            if (!s.offline) {
                return;
            }
            s.offline = false;
        }
        log.info("{}: camera {} is back", cam.barrier(), cam.serial());
        events.append(LprEvents.offline(cam, false, Duration.ofNanos(silent), clock.instant()));
    }

    /** Raises the alarm of every camera silent for longer than its {@code offlineAfter}; run every second. */
    void check() {
        long now = System.nanoTime();
        for (State s : states.values()) {
            long silent;
            synchronized (s) {
                silent = now - s.lastSeen;
                if (s.offline || silent < s.camera.config().offlineAfter().toNanos()) {
                    continue;
                }
                s.offline = true;
            }
            Camera c = s.camera;
            log.warn(
                    "{}: ALARM device-offline: camera {} silent for {} s",
                    c.barrier(),
                    c.serial(),
                    silent / 1_000_000_000L);
            events.append(LprEvents.offline(c, true, Duration.ofNanos(silent), clock.instant()));
        }
    }

    /** Each camera's barrier and whether it is online (not reported silent), in barrier order. */
    Map<String, Boolean> online() {
        Map<String, Boolean> out = new TreeMap<>();
        for (State s : states.values()) {
            synchronized (s) {
                out.put(s.camera.barrier(), !s.offline);
            }
        }
        return out;
    }

    int offline() {
        int n = 0;
        for (State s : states.values()) {
            synchronized (s) {
                n += s.offline ? 1 : 0;
            }
        }
        return n;
    }
}
