package io.courtyard.device.lpr;

import io.courtyard.config.CameraConfig;
import io.courtyard.device.lpr.push.LedDisplay;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Messages for the barriers' LED and voice displays, waiting for their camera to call in. A
 * Vzenith camera forwards the {@code serialData} of an answer to the display on its RS-485 port,
 * and the gateway can only answer: a message goes out in the answer to the camera's next
 * heartbeat, or fails when none comes within {@link #WAIT}. One message waits per camera; a newer
 * one replaces it (the older fails {@code busy}). Thread-safe: commands post from the command
 * room's worker, camera connections take on their event loops, the wheel times out.
 */
public final class Displays {
    /** How long a message waits for a heartbeat: inside the command room's 15 s for an outcome. */
    static final Duration WAIT = Duration.ofSeconds(10);

    /**
     * How a message ended: sent, refused (never queued) or failed (queued, not sent), with the
     * reason tag of a command result (null when sent) and a sentence for people.
     */
    public record Shown(Kind kind, String reason, String detail) {
        public enum Kind {
            SENT,
            REFUSED,
            FAILED
        }
    }

    private record Pending(Camera camera, String key, List<byte[]> frames, int seconds, CompletableFuture<Shown> done) {
        void end(Shown.Kind kind, String reason, String detail) {
            done.complete(new Shown(kind, reason, detail));
        }
    }

    private final Timer wheel;
    private final Duration wait;
    private final Map<String, Pending> bySerial = new HashMap<>();
    private final Map<String, Timeout> timeouts = new HashMap<>();

    Displays(Timer wheel, Duration wait) {
        this.wheel = Objects.requireNonNull(wheel, "wheel");
        this.wait = wait;
    }

    /**
     * Queues {@code text} for {@code camera}'s display, for {@code seconds}; {@code key} (the
     * command's nonce) names it. Completes once the answer carrying it was written to the camera, or
     * with the reason it was not: {@code unsupported} (not a Vzenith camera, no display configured),
     * {@code invalid-argument} (a character the display's font lacks), {@code timeout} (no heartbeat
     * in time), {@code busy} (replaced), {@code offline} (the answer could not be written).
     */
    CompletableFuture<Shown> post(Camera camera, String text, int seconds, String key) {
        CameraConfig c = camera.config();
        String barrier = camera.barrier();
        if (c.vendor() != CameraConfig.Vendor.VZENITH) {
            return refused(
                    "unsupported",
                    "barrier " + barrier + "'s camera is " + c.vendor().tag()
                            + ": only a Vzenith camera passes the gateway's data on to the barrier's display");
        }
        if (c.display() == CameraConfig.Display.OFF) {
            return refused("unsupported", "barrier " + barrier + " has no display configured (display: off)");
        }
        if (!LedDisplay.showable(text)) {
            return refused("invalid-argument", "the text has characters the display's GBK font cannot show");
        }
        Pending p = new Pending(
                camera, key, LedDisplay.message(c.display(), text, seconds), seconds, new CompletableFuture<>());
        Pending replaced;
        synchronized (this) {
            replaced = bySerial.put(camera.serial(), p);
            Timeout old = timeouts.put(
                    camera.serial(), wheel.newTimeout(t -> expire(p), wait.toMillis(), TimeUnit.MILLISECONDS));
            if (old != null) {
                old.cancel();
            }
        }
        if (replaced != null) {
            replaced.end(
                    Shown.Kind.FAILED,
                    "busy",
                    "replaced by command " + key + " before barrier " + barrier + "'s camera called in");
        }
        return p.done;
    }

    /**
     * The frames waiting for {@code camera}, taken: the caller writes them in its answer and then
     * calls {@code sent}. Null when nothing waits.
     */
    Taken take(Camera camera) {
        Pending p;
        synchronized (this) {
            p = bySerial.remove(camera.serial());
            if (p == null) {
                return null;
            }
            Timeout t = timeouts.remove(camera.serial());
            if (t != null) {
                t.cancel();
            }
        }
        return new Taken(p);
    }

    /** Frames taken for one answer; {@link #sent} says whether the answer went out. */
    static final class Taken {
        private final Pending p;

        private Taken(Pending p) {
            this.p = p;
        }

        List<byte[]> frames() {
            return p.frames;
        }

        void sent(Throwable failure) {
            String barrier = p.camera.barrier();
            if (failure == null) {
                int shown = Math.min(p.seconds, LedDisplay.LONGEST);
                p.end(
                        Shown.Kind.SENT,
                        null,
                        "sent to barrier " + barrier + "'s display in the answer to its camera's heartbeat ("
                                + p.camera.config().display().name().toLowerCase(java.util.Locale.ROOT) + ", "
                                + shown + " s" + (shown < p.seconds ? ", the display's longest" : "") + ")");
            } else {
                p.end(
                        Shown.Kind.FAILED,
                        "offline",
                        "barrier " + barrier + "'s camera: the answer could not be written: " + failure);
            }
        }
    }

    /** Messages waiting, for tests and metrics. */
    synchronized int waiting() {
        return bySerial.size();
    }

    private void expire(Pending p) {
        synchronized (this) {
            if (!bySerial.remove(p.camera.serial(), p)) {
                return;
            }
            timeouts.remove(p.camera.serial());
        }
        p.end(
                Shown.Kind.FAILED,
                "timeout",
                "barrier " + p.camera.barrier() + "'s camera did not call in within " + wait.toSeconds()
                        + " s: a Vzenith camera takes display data in the answer to its heartbeat, so enable"
                        + " its heartbeat (every few seconds)");
    }

    private static CompletableFuture<Shown> refused(String reason, String detail) {
        return CompletableFuture.completedFuture(new Shown(Shown.Kind.REFUSED, reason, detail));
    }
}
