package io.courtyard.acl;

import io.courtyard.ops.Service;
import io.courtyard.ops.Threads;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives signed access-list messages on {@code {prefix}/{siteId}/acl} and hands them, in
 * arrival order, to the {@link AclUpdater} on its own thread; asks for a snapshot on
 * {@code {prefix}/{siteId}/acl/request} after a gap, and on connecting while it has no list.
 */
public final class AclSync implements Service {
    public static final String TOPIC = "acl";
    public static final String REQUEST_TOPIC = "acl/request";
    /**
     * At most one snapshot request this often while none is answered: deltas that keep arriving
     * during a gap must not flood upstream. Any applied message resets it.
     */
    static final Duration REQUEST_INTERVAL = Duration.ofSeconds(10);
    /** Messages waiting to be applied; beyond it the newest is dropped and the gap it leaves brings a snapshot. */
    static final int QUEUE = 64;

    private static final Logger log = LoggerFactory.getLogger(AclSync.class);

    private final UpstreamSubscriber upstream;
    private final java.util.function.Supplier<AclUpdater> updater;
    private final String siteId;
    private final Clock clock;
    private ExecutorService worker;
    private Instant lastRequest = Instant.EPOCH;

    /** @param updater the updater, which exists once the {@link AclService} started */
    public AclSync(
            UpstreamSubscriber upstream, java.util.function.Supplier<AclUpdater> updater, String siteId, Clock clock) {
        this.upstream = upstream;
        this.updater = updater;
        this.siteId = siteId;
        this.clock = clock;
        // Subscribed at construction, so that the connection (started after us or before) knows the topic.
        upstream.subscribe(TOPIC, this::arrived);
        upstream.onConnected(this::connected);
    }

    @Override
    public String name() {
        return "acl-sync";
    }

    @Override
    public synchronized void start() {
        worker = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(QUEUE),
                Threads.named("acl-sync", true),
                (r, ex) -> log.warn("acl sync: {} messages waiting, dropping one; a snapshot will follow", QUEUE));
    }

    private void arrived(byte[] payload) {
        ExecutorService w = worker;
        if (w != null) {
            w.execute(() -> handle(payload));
        }
    }

    private void handle(byte[] payload) {
        AclUpdater.Result r = updater.get().apply(payload, "mqtt");
        if (r.outcome() == AclUpdater.Outcome.APPLIED) {
            // No longer waiting for an answer: the next gap deserves a request at once.
            synchronized (this) {
                lastRequest = Instant.EPOCH;
            }
        }
        if (r.refusal() == AclUpdater.Refusal.GAP) {
            request("gap", r.message() == null ? 0 : r.message().version());
        }
    }

    private void connected() {
        ExecutorService w = worker;
        if (w != null) {
            w.execute(() -> {
                updater.get().reloadIfChanged();
                if (updater.get().currentVersion() == 0) {
                    request("no-list", 0);
                }
            });
        }
    }

    /** Publishes a snapshot request unless one went out less than {@link #REQUEST_INTERVAL} ago. */
    synchronized void request(String reason, long wanted) {
        Instant now = clock.instant();
        if (now.isBefore(lastRequest.plus(REQUEST_INTERVAL))) {
            return;
        }
        long have = updater.get().currentVersion();
        String body = "{\"site\":\"" + siteId + "\",\"have\":" + have + ",\"wanted\":" + wanted + ",\"reason\":\""
                + reason + "\",\"ts\":\"" + now + "\"}";
        if (upstream.publish(REQUEST_TOPIC, body.getBytes(StandardCharsets.UTF_8))) {
            lastRequest = now;
            updater.get().snapshotRequested();
            log.info("acl sync: snapshot requested ({}; have version {}, saw {})", reason, have, wanted);
        }
    }

    @Override
    public synchronized void stop() throws InterruptedException {
        if (worker != null) {
            worker.shutdown();
            if (!worker.awaitTermination(2, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        }
    }
}
