package io.courtyard.uplink;

import static org.awaitility.Awaitility.await;

import io.courtyard.config.UpstreamConfig;
import io.courtyard.journal.EventKind;
import io.courtyard.journal.JournalEvent;
import io.courtyard.testsupport.ListEventSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * The two sides of the uplink throughput comparison, for a benchmark harness to call against the
 * same broker in the same run: a bare Paho QoS 1 publish loop over pre-encoded payloads, and the
 * sink forwarding the same events from a journal view. Both keep within the broker's Receive
 * Maximum (the raw loop must too, or Paho refuses the publish), both count until the last PUBACK,
 * neither includes connecting.
 */
public final class UplinkThroughputProbe {
    private UplinkThroughputProbe() {}

    /** Events per second and the run's wall time. */
    public record Result(String what, int events, Duration elapsed) {
        public double perSecond() {
            return events / (elapsed.toNanos() / 1e9);
        }

        @Override
        public String toString() {
            return String.format(
                    java.util.Locale.ROOT,
                    "%s: %d events in %d ms = %.0f events/s",
                    what,
                    events,
                    elapsed.toMillis(),
                    perSecond());
        }
    }

    /** The events both sides send: a realistic mix of kinds and devices, ~150-byte bodies. */
    public static List<JournalEvent> events(int n) {
        ListEventSource s = new ListEventSource("probe", "site1-9");
        List<JournalEvent> out = new ArrayList<>(n);
        EventKind[] kinds = {EventKind.ACCESS, EventKind.RIDE, EventKind.DEVICE, EventKind.FAULT};
        for (int i = 0; i < n; i++) {
            out.add(s.add(
                    kinds[i % kinds.length],
                    "dev-" + (i % 16),
                    "{\"n\":" + i + ",\"decision\":\"grant\",\"reason\":\"resident\",\"credential\":\"****5678\","
                            + "\"household\":\"3-2-1102\",\"floors\":[11],\"elapsedMs\":12}"));
        }
        return out;
    }

    /** A bare Paho loop: one QoS 1 message per event, window = broker Receive Maximum - 1. */
    public static Result rawPaho(String uri, List<JournalEvent> events) throws Exception {
        UplinkJson json = new UplinkJson();
        UplinkTopics topics = new UplinkTopics("probe", "site1");
        List<byte[]> payloads = new ArrayList<>(events.size());
        events.forEach(e -> payloads.add(json.event(e)));
        MqttAsyncClient client = new MqttAsyncClient(uri, "probe-raw-" + System.nanoTime(), new MemoryPersistence());
        try {
            MqttConnectionOptions o = new MqttConnectionOptions();
            IMqttToken connack = client.connect(o);
            connack.waitForCompletion(10_000);
            Integer rm = connack.getResponseProperties() == null
                    ? null
                    : connack.getResponseProperties().getReceiveMaximum();
            Semaphore window = new Semaphore(Math.max(1, (rm == null ? 65_535 : rm) - 1));
            CountDownLatch done = new CountDownLatch(events.size());
            MqttActionListener acked = new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken t) {
                    window.release();
                    done.countDown();
                }

                @Override
                public void onFailure(IMqttToken t, Throwable e) {
                    window.release();
                }
            };
            long t0 = System.nanoTime();
            for (int i = 0; i < events.size(); i++) {
                window.acquire();
                client.publish(
                        topics.event(events.get(i).kind()),
                        new MqttMessage(payloads.get(i), 1, false, null),
                        null,
                        acked);
            }
            if (!done.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("raw loop: " + done.getCount() + " PUBACKs missing");
            }
            return new Result("raw Paho loop", events.size(), Duration.ofNanos(System.nanoTime() - t0));
        } finally {
            client.disconnect().waitForCompletion(2_000);
            client.close();
        }
    }

    /**
     * The sink draining the same events from a real SQLite journal in {@code stateDir}: the journal
     * is filled first, the clock starts when the sink is connected and stops at the last PUBACK.
     */
    public static Result sinkOnJournal(
            String uri, List<JournalEvent> events, int batchSize, java.nio.file.Path stateDir) throws Exception {
        try (var journal = io.courtyard.testsupport.TestJournal.open(stateDir, "probe")) {
            Instant now = Instant.now();
            java.util.concurrent.CompletableFuture<?> last = null;
            for (JournalEvent e : events) {
                last = journal.journal()
                        .append(new io.courtyard.journal.EventDraft(e.kind(), e.deviceId(), e.ts(), now, e.body()));
            }
            last.get(120, TimeUnit.SECONDS);
            var source = journal.source("probe");
            MqttSink sink = new MqttSink(config(uri, batchSize), "site1", source, new SimpleMeterRegistry());
            sink.start();
            try {
                await().atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(1))
                        .until(() -> sink.metrics().isConnected());
                long t0 = System.nanoTime();
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(5))
                        .until(() -> source.pending() == 0);
                return new Result(
                        "sink on the SQLite journal, batchSize " + batchSize,
                        events.size(),
                        Duration.ofNanos(System.nanoTime() - t0));
            } finally {
                sink.stop();
            }
        }
    }

    private static UpstreamConfig.Mqtt config(String uri, int batchSize) {
        return new UpstreamConfig.Mqtt(
                java.net.URI.create(uri),
                "probe-sink-" + System.nanoTime(),
                "probe",
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                Duration.ofSeconds(30),
                Duration.ofMinutes(5),
                batchSize);
    }

    /** The sink forwarding the same events; {@code batchSize} as in the upstream config. */
    public static Result sink(String uri, List<JournalEvent> events, int batchSize) throws Exception {
        ListEventSource source = new ListEventSource("probe", "site1-9");
        MqttSink sink = new MqttSink(config(uri, batchSize), "site1", source, new SimpleMeterRegistry());
        sink.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.metrics().isConnected());
            long t0 = System.nanoTime();
            Instant now = Instant.now();
            for (JournalEvent e : events) {
                source.add(new io.courtyard.journal.EventDraft(e.kind(), e.deviceId(), e.ts(), now, e.body()));
            }
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> source.pending() == 0);
            return new Result("sink, batchSize " + batchSize, events.size(), Duration.ofNanos(System.nanoTime() - t0));
        } finally {
            sink.stop();
        }
    }
}
