package io.courtyard.uplink;

import static io.courtyard.testsupport.UplinkFixtures.PREFIX;
import static io.courtyard.testsupport.UplinkFixtures.SITE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.courtyard.journal.EventKind;
import io.courtyard.journal.JournalEvent;
import io.courtyard.testsupport.ListEventSource;
import io.courtyard.testsupport.Mosquitto;
import io.courtyard.testsupport.TestConsumer;
import io.courtyard.testsupport.UplinkFixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acceptance: the broker goes away mid-stream while events keep coming, then returns. Every one
 * of 100,000 events arrives (exactly once after deduplicating by id), in order per device and
 * topic, and alarms raised during the drain overtake the backlog.
 */
class MqttSinkOutageIT {
    private static final Logger log = LoggerFactory.getLogger(MqttSinkOutageIT.class);
    private static final int TOTAL = 100_000;
    private static final int BEFORE_OUTAGE = 10_000;
    private static final int DURING_OUTAGE = 80_000;
    private static final int ALARMS = 5;
    /** Batching keeps the run short on two shared cores; -Dcourtyard.outage.batch=1 measures the unbatched path. */
    private static final int BATCH = Integer.getInteger("courtyard.outage.batch", 100);

    private static final String[] GATES = {"gate-1", "gate-2", "gate-3", "gate-4"};
    private static final String[] LIFTS = {"lift-1", "lift-2", "lift-3"};
    private static final String[] MONITORS = {"monitor-1", "monitor-2", "monitor-3"};

    private final ListEventSource source = new ListEventSource("upstream", SITE + "-1");
    private int produced;

    /** A steady mix: access at gates, rides and status samples, now and then a fault. */
    private JournalEvent produceOne() {
        int n = produced++;
        return switch (n % 10) {
            case 0, 1, 2, 3 -> source.add(EventKind.ACCESS, GATES[n % GATES.length], body(n, "\"decision\":\"grant\""));
            case 4, 5, 6 -> source.add(EventKind.RIDE, LIFTS[n % LIFTS.length], body(n, "\"from\":1,\"to\":9"));
            case 7, 8 -> source.add(EventKind.DEVICE, MONITORS[n % MONITORS.length], body(n, "\"floor\":3"));
            default -> source.add(EventKind.FAULT, MONITORS[n % MONITORS.length], body(n, "\"code\":\"door\""));
        };
    }

    private static String body(int n, String fields) {
        return "{\"n\":" + n + "," + fields + "}";
    }

    private void produce(int count) {
        for (int i = 0; i < count; i++) {
            produceOne();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyEventArrivesOnceInOrderAcrossABrokerOutageAndAlarmsJumpTheDrain(@TempDir Path dir) throws Exception {
        long t0 = System.nanoTime();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Mosquitto broker = Mosquitto.start(dir);
                TestConsumer platform = TestConsumer.connect(broker.uri(), "platform", PREFIX + "/" + SITE + "/#")) {
            MqttSink sink = new MqttSink(
                    UplinkFixtures.mqtt(broker.uri(), BATCH), SITE, source, registry, UplinkFixtures.fastOptions());
            sink.start();
            try {
                // Live: the stream is flowing when the broker goes away.
                produce(BEFORE_OUTAGE);
                await().atMost(Duration.ofSeconds(20)).until(() -> platform.uniqueEvents() >= BEFORE_OUTAGE / 4);
                broker.stop();
                long outageStart = System.nanoTime();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> !sink.metrics().isConnected());

                // Outage: the gateway keeps recording.
                produce(DURING_OUTAGE);
                int beforeRestart = platform.uniqueEvents();
                long backlog = source.pending();
                broker.restart();
                long restart = System.nanoTime();
                log.info(
                        "outage of {} ms: {} events pending, {} arrived before it",
                        (restart - outageStart) / 1_000_000,
                        backlog,
                        beforeRestart);

                // Drain: once it is under way, raise alarms amid more live traffic.
                long publishedBefore = sink.metrics().publishedEvents();
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> sink.metrics().publishedEvents() >= publishedBefore + 5_000);
                List<Alarm> alarms = new ArrayList<>();
                int rest = TOTAL - produced - ALARMS;
                for (int i = 0; i < ALARMS; i++) {
                    Set<Long> acked;
                    JournalEvent a;
                    // Atomically with the pump's pulls and acks: the snapshot is the backlog the alarm met.
                    synchronized (source) {
                        acked = source.acked();
                        a = source.add(EventKind.ALARM, MONITORS[i % MONITORS.length], "{\"alarm\":\"trapped\"}");
                    }
                    produced++;
                    Set<Long> unsent = new HashSet<>();
                    for (long seq = 1; seq < a.seq(); seq++) {
                        if (!acked.contains(seq)) {
                            unsent.add(seq);
                        }
                    }
                    alarms.add(new Alarm(a, unsent));
                    produce(rest / ALARMS + (i == ALARMS - 1 ? rest % ALARMS : 0));
                }
                assertEquals(TOTAL, produced);

                awaitAll(platform, broker, sink);
                long drained = System.nanoTime();
                await().atMost(Duration.ofSeconds(10)).until(() -> source.pending() == 0);
                double drainSecs = (drained - restart) / 1e9;
                log.info(
                        "drain: {} events in {} s after the restart = {} events/s; {} duplicates; test so far {} s",
                        TOTAL - beforeRestart,
                        String.format(java.util.Locale.ROOT, "%.2f", drainSecs),
                        Math.round((TOTAL - beforeRestart) / drainSecs),
                        platform.duplicates(),
                        String.format(java.util.Locale.ROOT, "%.1f", (drained - t0) / 1e9));

                assertEveryEventOnce(platform);
                assertOrderPerDeviceAndTopic(platform);
                assertAlarmsOvertookTheBacklog(platform, alarms);
                assertTrue(sink.metrics().rewinds() >= 2, "a rewind after the reconnect");
                assertEquals(0.0, registry.get(UplinkMetrics.INFLIGHT).gauge().value(), "no message left in flight");
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> registry.get(UplinkMetrics.PENDING).gauge().value() == 0);
                assertTrue(sink.metrics().publishedEvents() >= TOTAL, "resends count as published too");
            } finally {
                sink.stop();
            }
        }
    }

    private void awaitAll(TestConsumer platform, Mosquitto broker, MqttSink sink) {
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> platform.uniqueEvents() == TOTAL);
        } catch (ConditionTimeoutException e) {
            Set<Long> seen = new HashSet<>();
            platform.arrivals().forEach(a -> seen.add(a.seq()));
            List<Long> missing = new ArrayList<>();
            for (long seq = 1; seq <= TOTAL && missing.size() < 20; seq++) {
                if (!seen.contains(seq)) {
                    missing.add(seq);
                }
            }
            String log = broker.log();
            fail(
                    "arrived " + platform.uniqueEvents() + " of " + TOTAL + " (journal pending " + source.pending()
                            + ", consumer connected " + platform.connected() + ", unrouted at the broker "
                            + sink.metrics().unroutedEvents() + ", messages "
                            + platform.messages().size()
                            + "); first missing " + missing + "\nconsumer: " + platform.connectionLog()
                            + "\nbroker log tail:\n" + log.substring(Math.max(0, log.length() - 4000)),
                    e);
        }
    }

    /** An alarm and the older events the broker had not acknowledged when it was raised. */
    private record Alarm(JournalEvent event, Set<Long> unsentWhenRaised) {}

    private void assertEveryEventOnce(TestConsumer platform) {
        Set<String> ids = new HashSet<>();
        for (TestConsumer.Arrival a : platform.arrivals()) {
            ids.add(a.id());
        }
        assertEquals(TOTAL, ids.size());
        for (long seq = 1; seq <= TOTAL; seq++) {
            if (!ids.contains(SITE + "-1-" + seq)) {
                fail("event seq " + seq + " never arrived");
            }
        }
        assertEquals(TOTAL, source.acked().size(), "every event acknowledged to the journal");
    }

    private static void assertOrderPerDeviceAndTopic(TestConsumer platform) {
        for (Map.Entry<String, List<TestConsumer.Arrival>> e :
                platform.byDeviceAndTopic().entrySet()) {
            long last = 0;
            for (TestConsumer.Arrival a : e.getValue()) {
                if (a.seq() <= last) {
                    fail(e.getKey() + ": seq " + a.seq() + " arrived after seq " + last);
                }
                last = a.seq();
            }
        }
    }

    /**
     * An alarm may trail what was already pulled or in flight when it was raised (one pull plus
     * the in-flight window), never the rest of the journal's backlog. What the broker had already
     * acknowledged is out of the gateway's hands: it sits in the broker's queue for the subscriber.
     */
    private static void assertAlarmsOvertookTheBacklog(TestConsumer platform, List<Alarm> alarms) {
        int window = Math.min(
                platform.serverReceiveMaximum() - 1, UplinkOptions.defaults().inflightCap());
        int slack = UplinkOptions.defaults().pullMax() + window * BATCH;
        List<TestConsumer.Arrival> arrivals = platform.arrivals();
        for (Alarm alarm : alarms) {
            int at = platform.position(alarm.event.id());
            long overtook = arrivals.subList(0, at).stream()
                    .filter(a -> alarm.unsentWhenRaised.contains(a.seq()))
                    .count();
            long behind = alarm.unsentWhenRaised.size() - overtook;
            log.info(
                    "alarm seq {}: raised with {} older events unsent; {} of them arrived before it, {} after",
                    alarm.event.seq(),
                    alarm.unsentWhenRaised.size(),
                    overtook,
                    behind);
            assertTrue(
                    alarm.unsentWhenRaised.size() > 10 * slack,
                    "alarm raised amid a real backlog: " + alarm.unsentWhenRaised.size() + " unsent");
            assertTrue(overtook <= slack, overtook + " older events arrived before the alarm; allowed " + slack);
        }
    }
}
