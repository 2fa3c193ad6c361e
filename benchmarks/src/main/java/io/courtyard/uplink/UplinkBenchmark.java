package io.courtyard.uplink;

import io.courtyard.bench.JournalAppendBenchmark;
import io.courtyard.bench.MosquittoProcess;
import io.courtyard.config.JournalConfig;
import io.courtyard.config.UpstreamConfig;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventSource;
import io.courtyard.journal.Journal;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.AccessDecided;
import io.courtyard.journal.event.DeviceStatus;
import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.GateInput;
import io.courtyard.journal.event.RideRecorded;
import io.courtyard.store.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
 * Upstream publish rate of the MQTT sink as a ratio of a bare Paho QoS 1 publish loop, against
 * the same mosquitto in the same run. Both sides send the same events as the same JSON, keep
 * within the broker's Receive Maximum, and stop the clock at the last PUBACK; the sink reads
 * from a real SQLite journal filled beforehand (a drain after an outage).
 *
 * <p>{@code java -cp benchmarks/target/courtyard-benchmarks.jar io.courtyard.uplink.UplinkBenchmark [events] [rounds]}
 */
public final class UplinkBenchmark {
    private UplinkBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("courtyard-uplink-bench");
        List<JournalEvent> events = events(n);
        try (MosquittoProcess broker = MosquittoProcess.start(dir)) {
            for (int r = 1; r <= rounds; r++) {
                double raw = rawPaho(broker.uri(), events);
                Drain sink1 = sinkOnJournal(broker.uri(), events, 1, dir.resolve("j1-" + r));
                Drain sink100 = sinkOnJournal(broker.uri(), events, 100, dir.resolve("j100-" + r));
                report(r, n, raw, sink1, sink100);
            }
        } finally {
            // Two journals a round, hundreds of MB: 36 GB of them had piled up in /tmp in a day.
            JournalAppendBenchmark.deleteTree(dir);
        }
    }

    private static void report(int round, int n, double raw, Drain sink1, Drain sink100) {
        // A harness's own output: figures for the README, not log lines.
        String line = String.format(
                Locale.ROOT,
                "round %d, %d events: raw Paho %.0f ev/s | sink batch 1 %.0f ev/s (ratio %.2f) | "
                        + "sink batch 100 %.0f ev/s (ratio %.2f)",
                round,
                n,
                raw,
                sink1.rate(),
                sink1.rate() / raw,
                sink100.rate(),
                sink100.rate() / raw);
        org.slf4j.Logger bench = org.slf4j.LoggerFactory.getLogger("bench");
        bench.info(line);
        bench.info(String.format(
                Locale.ROOT,
                "round %d: sink thread CPU per event, batch 1 %.2f us, batch 100 %.2f us",
                round,
                sink1.cpuMicrosPerEvent(),
                sink100.cpuMicrosPerEvent()));
    }

    /** A mix of the common types, none urgent: decisions, rides, PD status samples and door contacts. */
    static List<JournalEvent> events(int n) {
        List<JournalEvent> out = new ArrayList<>(n);
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) {
            Event e =
                    switch (i % 4) {
                        case 0 -> new AccessDecided(
                                AccessDecided.Decision.GRANT,
                                "granted",
                                null,
                                "card",
                                "card:h10301/****78",
                                null,
                                "c-3-2-702-a",
                                "h-3-2-702-a",
                                "resident",
                                "3-2-702",
                                "group residents-3-2 (always)",
                                i,
                                AccessDecided.Actuation.floors(List.of(1, 7), List.of(0, 6), 10_000),
                                null);
                        case 1 -> new RideRecorded(
                                "elevator-3-2",
                                "3",
                                "2",
                                "card",
                                "card:h10301/****78",
                                "c-3-2-702-a",
                                "h-3-2-702-a",
                                "resident",
                                "3-2-702",
                                1,
                                false,
                                7,
                                null,
                                now,
                                "granted",
                                i);
                        case 2 -> new DeviceStatus("bus-" + (i % 16), i % 126, false, false);
                        default -> new GateInput(GateInput.Change.DOOR_OPEN, "gate-" + (i % 16));
                    };
            out.add(new JournalEvent(i + 1, "bench-0-" + (i + 1), "dev-" + (i % 16), now, now, e));
        }
        return out;
    }

    /** One QoS 1 message per event, window = broker Receive Maximum - 1, as the sink. */
    static double rawPaho(String uri, List<JournalEvent> events) throws Exception {
        UplinkJson json = new UplinkJson();
        UplinkTopics topics = new UplinkTopics("bench", "site1");
        List<byte[]> payloads = new ArrayList<>(events.size());
        events.forEach(e -> payloads.add(json.event(e)));
        MqttAsyncClient client = new MqttAsyncClient(uri, "bench-raw-" + System.nanoTime(), new MemoryPersistence());
        try {
            IMqttToken connack = client.connect(new MqttConnectionOptions());
            connack.waitForCompletion(10_000);
            Integer rm = connack.getResponseProperties() == null
                    ? null
                    : connack.getResponseProperties().getReceiveMaximum();
            Semaphore window = new Semaphore(Math.max(1, Math.min(1000, (rm == null ? 65_535 : rm) - 1)));
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
            if (!done.await(300, TimeUnit.SECONDS)) {
                throw new IllegalStateException("raw loop: " + done.getCount() + " PUBACKs missing");
            }
            return events.size() / ((System.nanoTime() - t0) / 1e9);
        } finally {
            client.disconnect(500).waitForCompletion(5_000);
            client.close();
        }
    }

    /**
     * One drain: events per second by the wall clock, and the sink thread's CPU per event in µs
     * (its own work, whatever else the machine did meanwhile).
     */
    record Drain(double rate, double cpuMicrosPerEvent) {}

    /** The sink draining a journal filled beforehand; the clock runs from connected to the last PUBACK. */
    static Drain sinkOnJournal(String uri, List<JournalEvent> events, int batchSize, Path stateDir) throws Exception {
        Database db = new Database(stateDir, JournalConfig.Synchronous.FULL);
        db.start();
        Journal journal = new Journal(
                db,
                "site1",
                new JournalConfig(
                        JournalConfig.Synchronous.FULL, 2000, Duration.ofMillis(5), 8L << 30, Duration.ofDays(90)),
                new SimpleMeterRegistry());
        EventSource source = journal.source("mqtt");
        journal.start();
        try {
            CompletableFuture<?> last = null;
            for (JournalEvent e : events) {
                last = journal.append(new EventDraft(e.deviceId(), e.ts(), e.receivedAt(), e.event()));
            }
            last.get(120, TimeUnit.SECONDS);
            UpstreamConfig.Mqtt cfg = new UpstreamConfig.Mqtt(
                    URI.create(uri),
                    "bench-sink-" + System.nanoTime(),
                    "bench",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Duration.ofSeconds(30),
                    Duration.ofMinutes(5),
                    batchSize);
            MqttSink sink = new MqttSink(cfg, "site1", source, new SimpleMeterRegistry());
            sink.start();
            try {
                while (!sink.metrics().isConnected()) {
                    Thread.sleep(1);
                }
                long cpu0 = sinkCpuNanos();
                long t0 = System.nanoTime();
                while (source.pending() > 0) {
                    Thread.sleep(2);
                }
                return new Drain(
                        events.size() / ((System.nanoTime() - t0) / 1e9),
                        (sinkCpuNanos() - cpu0) / 1e3 / events.size());
            } finally {
                sink.stop();
            }
        } finally {
            journal.stop();
            db.stop();
        }
    }

    /** CPU time of the MQTT sink's thread ({@code uplink-mqtt}), ns. */
    private static long sinkCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("uplink-")) {
                sum += Math.max(0, mx.getThreadCpuTime(t.getId()));
            }
        }
        return sum;
    }
}
