package io.courtyard.device.lpr;

import io.courtyard.config.CameraConfig.Vendor;
import io.courtyard.device.lpr.isapi.BarrierGateClient;
import io.courtyard.journal.EventSink;
import io.courtyard.runtime.LogLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the barriers whose cameras do not act on the push's answer: Hikvision, through ISAPI's
 * barrierGate. Called once an opened read's answer is settled (after its event is durable); a
 * command that fails is logged, counted and journaled, never retried: a late opening lets in
 * whoever stands there then.
 */
final class BarrierOpener implements BiConsumer<Camera, String> {
    private static final Logger log = LoggerFactory.getLogger(BarrierOpener.class);

    private final Map<String, BarrierGateClient> clients = new HashMap<>();
    private final LprMetrics metrics;
    private final EventSink events;
    private final Clock clock;
    private final LogLimiter failures = new LogLimiter(Duration.ofSeconds(10));

    BarrierOpener(List<Camera> cameras, Executor executor, LprMetrics metrics, EventSink events, Clock clock) {
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
        for (Camera c : cameras) {
            if (c.config().vendor() == Vendor.HIKVISION) {
                c.config().isapi().ifPresent(i -> clients.put(c.barrier(), new BarrierGateClient(i, executor)));
            }
        }
    }

    @Override
    public void accept(Camera cam, String key) {
        BarrierGateClient client = clients.get(cam.barrier());
        if (client == null) {
            return; // the camera opens its barrier itself from the answer
        }
        open(client, cam, key);
    }

    /** Whether the gateway can open {@code barrier} itself, without a read to answer. */
    boolean opens(String barrier) {
        return clients.containsKey(barrier);
    }

    /**
     * Opens {@code cam}'s barrier for a remote command ({@code key} names it in a failure's log and
     * event); completes with the camera's answer, or a status 0 result when it could not be reached.
     */
    CompletableFuture<BarrierGateClient.Result> open(Camera cam, String key) {
        BarrierGateClient client = clients.get(cam.barrier());
        if (client == null) {
            throw new IllegalArgumentException(cam.barrier() + " has no ISAPI opener");
        }
        return open(client, cam, key);
    }

    private CompletableFuture<BarrierGateClient.Result> open(BarrierGateClient client, Camera cam, String key) {
        return client.open().handle((r, e) -> {
            boolean ok = e == null && r.ok();
            metrics.command(ok);
            if (ok) {
                return r;
            }
            int status = e == null ? r.status() : 0;
            String detail = e == null ? r.detail() : e.getClass().getSimpleName() + ": " + e.getMessage();
            long suppressed = failures.permit();
            if (suppressed >= 0) {
                log.error(
                        "{}: barrierGate open for read {} failed: status {} {}{}",
                        cam.barrier(),
                        key,
                        status,
                        detail,
                        suppressed > 0 ? " (" + suppressed + " more since the last line)" : "");
            }
            events.append(LprEvents.commandFailed(cam, key, status, detail, clock.instant()));
            return new BarrierGateClient.Result(false, status, detail);
        });
    }
}
