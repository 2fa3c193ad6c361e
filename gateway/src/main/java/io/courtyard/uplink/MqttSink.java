package io.courtyard.uplink;

import io.courtyard.config.UpstreamConfig;
import io.courtyard.journal.EventSource;
import io.courtyard.journal.JournalEvent;
import io.courtyard.runtime.ExponentialBackoff;
import io.courtyard.runtime.Service;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the journal to the upstream MQTT 5 broker, QoS 1, acknowledging an event to the
 * journal only when the broker's PUBACK for it arrives.
 *
 * <p>One thread, {@code uplink-<sink>} ({@code uplink-mqtt} in the gateway), owns everything: it connects (exponential backoff
 * with full jitter), rewinds the journal view after every connect so that whatever died in flight
 * goes again (same ids; consumers deduplicate), pulls events (urgent first), publishes them within
 * the broker's Receive Maximum, and passes PUBACKs on to the journal. Paho's own threads (named
 * {@code MQTT Rec/Snd/Call/Ping: <clientId>}) belong to the current connection and end with it.
 */
public final class MqttSink implements Service {
    private static final Logger log = LoggerFactory.getLogger(MqttSink.class);
    /** How long one pull waits for new events; bounds how late acks and the stop flag are noticed. */
    private static final long POLL_MILLIS = 100;
    /** Room for the fixed header, topic and properties next to the payload in one PUBLISH packet. */
    private static final int PACKET_OVERHEAD = 512;
    /** While the broker stays unreachable, one WARN line this often; the attempts between log at DEBUG. */
    private static final long FAILURE_REMINDER_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final UpstreamConfig.Mqtt config;
    private final String siteId;
    private final EventSource source;
    private final UplinkOptions options;
    private final UplinkMetrics metrics;
    private final UplinkJson json;
    private final UplinkTopics topics;
    private final DrainProgress progress;
    private final AckQueue acked = new AckQueue();
    private final CountDownLatch wake = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile UplinkConnection current;
    private volatile String lastError;
    private int failedInARow;
    private long lastFailureWarn;
    private Thread thread;

    public MqttSink(UpstreamConfig.Mqtt config, String siteId, EventSource source, MeterRegistry registry) {
        this(config, siteId, source, registry, UplinkOptions.defaults());
    }

    public MqttSink(
            UpstreamConfig.Mqtt config,
            String siteId,
            EventSource source,
            MeterRegistry registry,
            UplinkOptions options) {
        this.config = config;
        this.siteId = siteId;
        this.source = source;
        this.options = options;
        this.metrics = new UplinkMetrics(source.sink());
        metrics.bindTo(registry);
        this.json = new UplinkJson(metrics.anomalies());
        this.topics = new UplinkTopics(config.topicPrefix(), siteId);
        this.progress = new DrainProgress(source.sink(), options.drainThreshold(), options.progressEvery(), metrics);
    }

    @Override
    public String name() {
        return "uplink-mqtt";
    }

    public UplinkMetrics metrics() {
        return metrics;
    }

    public UplinkTopics topics() {
        return topics;
    }

    /** Why the last connection attempt failed or the last connection ended; null before any trouble. */
    public String lastError() {
        return lastError;
    }

    @Override
    public synchronized void start() throws Exception {
        if (thread != null) {
            throw new IllegalStateException("uplink " + source.sink() + " already started");
        }
        // TLS material is read now, so that a bad PEM fails startup instead of every reconnect.
        UplinkSettings settings = UplinkSettings.resolve(config, siteId, options, topics, json);
        thread = new Thread(() -> run(settings), "uplink-" + source.sink());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops pulling, waits briefly for outstanding PUBACKs, publishes the offline status and
     * disconnects; all within {@link UplinkOptions#stopBudget()} plus a short grace.
     */
    @Override
    public void stop() throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        stopping = true;
        wake.countDown();
        if (t == null) {
            return;
        }
        t.join(options.stopBudget().toMillis() + 500);
        if (t.isAlive()) {
            log.warn(
                    "uplink {}: shutdown step overran {}; dropping the connection",
                    source.sink(),
                    options.stopBudget());
            t.interrupt();
            UplinkConnection c = current;
            if (c != null) {
                c.abandon();
            }
            t.join(500);
        }
    }

    private void run(UplinkSettings s) {
        ExponentialBackoff backoff = s.connections().backoff();
        try {
            while (!stopping) {
                try {
                    connection(s, backoff);
                } catch (RuntimeException e) {
                    // The journal view failing is retried like a lost connection, but said loudly.
                    lastError = e.toString();
                    log.error("uplink {}: unexpected error; retrying", source.sink(), e);
                    wake.await(backoff.next().toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            UplinkConnection c = current;
            if (c != null && c.alive()) {
                c.abandon();
            }
            metrics.connected.set(0);
        }
    }

    /** One connection's life: connect, pump until it dies or we stop, then close or back off. */
    private void connection(UplinkSettings s, ExponentialBackoff backoff) throws InterruptedException {
        UplinkConnection c = connect(s);
        if (c == null) {
            sleep(backoff.next());
            return;
        }
        current = c;
        try {
            pump(c);
        } catch (RuntimeException e) {
            c.fail("unexpected error: " + e);
            throw e;
        } finally {
            if (stopping) {
                shutdown(c);
            } else if (!c.alive()) {
                c.abandon();
                metrics.disconnects.increment();
                flushAcks();
            }
        }
        if (stopping) {
            return;
        }
        if (c.everAcked() || c.uptime().compareTo(options.backoffCap()) >= 0) {
            backoff.reset();
        }
        Duration delay = backoff.next();
        lastError = c.failure();
        log.warn("uplink {}: connection lost: {}; reconnecting in {} ms", source.sink(), c.failure(), delay.toMillis());
        sleep(delay);
    }

    private UplinkConnection connect(UplinkSettings s) {
        UplinkConnection c = null;
        try {
            c = UplinkConnection.open(s, metrics, acked::add);
            // Whatever was in flight on an earlier connection died with its client: hand it out again.
            source.rewind();
            metrics.rewinds.increment();
            metrics.connectOk.increment();
            metrics.connected.set(1);
            if (failedInARow > 0) {
                log.info("uplink {}: broker reachable again after {} failed attempts", source.sink(), failedInARow);
                failedInARow = 0;
            }
            log.info(
                    "uplink {}: connected to {} as {} (session present: {}, in-flight window {}), {} events pending",
                    source.sink(),
                    s.connections().uri(),
                    s.clientId(),
                    c.sessionPresent(),
                    c.windowSize(),
                    source.pending());
            return c;
        } catch (MqttException | RuntimeException e) {
            if (c != null) {
                c.abandon();
            }
            metrics.connectFailed.increment();
            lastError = e instanceof MqttException m ? describe(m) : e.toString();
            failedInARow++;
            long now = System.nanoTime();
            // An outage of hours must not fill the journal of the box: warn at its start, then remind.
            if (failedInARow == 1 || now - lastFailureWarn >= FAILURE_REMINDER_NANOS) {
                lastFailureWarn = now;
                log.warn(
                        "uplink {}: connect to {} failed ({} in a row, {} events pending): {}",
                        source.sink(),
                        s.connections().uri(),
                        failedInARow,
                        metrics.pending.get(),
                        lastError);
            } else {
                log.debug(
                        "uplink {}: connect to {} failed: {}",
                        source.sink(),
                        s.connections().uri(),
                        lastError);
            }
            return null;
        }
    }

    private void pump(UplinkConnection c) throws InterruptedException {
        long nextProgress = 0;
        while (!stopping && c.alive()) {
            flushAcks();
            long now = System.nanoTime();
            if (now - nextProgress >= 0) {
                nextProgress = now + TimeUnit.MILLISECONDS.toNanos(250);
                updateProgress(now);
            }
            List<JournalEvent> pull = source.next(Math.max(options.pullMax(), config.batchSize()), POLL_MILLIS);
            for (List<JournalEvent> group : Batches.group(pull, config.batchSize())) {
                if (!publish(c, group)) {
                    return;
                }
            }
        }
    }

    private boolean publish(UplinkConnection c, List<JournalEvent> group) throws InterruptedException {
        boolean array = config.batchSize() > 1;
        byte[] payload = array ? json.batch(group) : json.event(group.get(0));
        if (payload.length + PACKET_OVERHEAD > c.maxPacketSize()) {
            if (group.size() > 1) {
                // The broker's Maximum Packet Size would end the connection; send the halves instead.
                int half = group.size() / 2;
                return publish(c, group.subList(0, half)) && publish(c, group.subList(half, group.size()));
            }
            payload = standIn(group.get(0), payload.length, c.maxPacketSize(), array);
        }
        long[] seqs = new long[group.size()];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = group.get(i).seq();
        }
        return c.publish(topics.event(group.get(0).kind()), payload, seqs, () -> stopping);
    }

    /**
     * One event larger than any message this connection may send (a monitor's message kept whole
     * can be up to the device listener's limit): its envelope and its size travel instead, so that
     * upstream sees the seq and nothing behind it waits. Sending it whole would be refused, and the
     * same event handed out again after every reconnect, for ever. The event itself stays in the
     * journal on the box.
     */
    private byte[] standIn(JournalEvent e, int bytes, long limit, boolean array) {
        metrics.oversize.increment();
        log.warn(
                "uplink {}: seq {} ({} from {}) is {} bytes, over the {} a message may have: sent as its"
                        + " envelope and size; the event stays in the journal",
                source.sink(),
                e.seq(),
                e.kind().topic(),
                e.deviceId(),
                bytes,
                limit);
        return json.oversize(e, bytes, limit, array);
    }

    private void shutdown(UplinkConnection c) throws InterruptedException {
        long t0 = System.nanoTime();
        Duration half = options.stopBudget().dividedBy(2);
        boolean idle = c.alive() && c.awaitIdle(half);
        flushAcks();
        c.closeGracefully(half);
        log.info(
                "uplink {}: disconnected in {} ms; {} (unacknowledged events are resent after restart)",
                source.sink(),
                (System.nanoTime() - t0) / 1_000_000,
                idle ? "all in-flight messages acknowledged" : "some in-flight messages unacknowledged");
    }

    private void flushAcks() {
        acked.flushTo(source);
    }

    private void updateProgress(long now) {
        long pending = source.pending();
        metrics.pending.set(pending);
        progress.update(pending, metrics.publishedEvents(), now);
    }

    private void sleep(Duration d) throws InterruptedException {
        long deadline = System.nanoTime() + d.toNanos();
        // Sleep in slices so the pending gauge keeps tracking the growing backlog during an outage.
        for (long left = d.toNanos(); left > 0 && !stopping; left = deadline - System.nanoTime()) {
            wake.await(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
            updateProgress(System.nanoTime());
        }
    }

    private static String describe(MqttException e) {
        Throwable cause = e.getCause();
        return "reason " + e.getReasonCode() + " " + e.getMessage() + (cause == null ? "" : " (" + cause + ")");
    }
}
