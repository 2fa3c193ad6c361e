package io.courtyard.uplink;

import static io.courtyard.testsupport.UplinkFixtures.PREFIX;
import static io.courtyard.testsupport.UplinkFixtures.SITE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventSource;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.EventType;
import io.courtyard.testsupport.ListEventSource;
import io.courtyard.testsupport.Mosquitto;
import io.courtyard.testsupport.RecordingSource;
import io.courtyard.testsupport.SampleEvents;
import io.courtyard.testsupport.TestConsumer;
import io.courtyard.testsupport.TestJournal;
import io.courtyard.testsupport.UplinkFixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acceptance: the broker goes away mid-stream while events keep coming, then returns. Every one
 * of 100,000 events arrives (exactly once after deduplicating by id), in order per device and
 * topic, and alarms raised during the drain overtake the backlog. Runs on the real SQLite journal
 * and, to isolate the sink, on the in-memory view with the same contract.
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

    /** Where events are appended: the real journal or the in-memory view. */
    private Function<EventDraft, CompletableFuture<JournalEvent>> append;

    private final List<CompletableFuture<JournalEvent>> appended = new ArrayList<>();

    /** A steady mix: access at gates, rides and status samples. */
    private void produce(int count) {
        for (int i = 0; i < count; i++) {
            int n = appended.size();
            Instant now = Instant.now();
            EventDraft d =
                    switch (n % 10) {
                        case 0, 1, 2, 3 -> EventDraft.at(
                                GATES[n % GATES.length], now, SampleEvents.numbered(EventKind.ACCESS, n));
                        case 4, 5, 6 -> EventDraft.at(
                                LIFTS[n % LIFTS.length], now, SampleEvents.numbered(EventKind.RIDE, n));
                        default -> EventDraft.at(
                                MONITORS[n % MONITORS.length], now, SampleEvents.numbered(EventKind.DEVICE, n));
                    };
            appended.add(append.apply(d));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite-journal", "in-memory-view"})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyEventArrivesOnceInOrderAcrossABrokerOutageAndAlarmsJumpTheDrain(String kind, @TempDir Path dir)
            throws Exception {
        TestJournal journal = null;
        EventSource view;
        if (kind.equals("sqlite-journal")) {
            journal = TestJournal.open(Files.createDirectories(dir.resolve("state")), "mqtt");
            view = journal.source("mqtt");
            var j = journal.journal();
            append = j::append;
        } else {
            ListEventSource list = new ListEventSource("mqtt", SITE + "-1");
            view = list;
            append = d -> CompletableFuture.completedFuture(list.add(d));
        }
        RecordingSource source = new RecordingSource(view);
        try (Mosquitto broker = Mosquitto.start(Files.createDirectories(dir.resolve("broker")));
                TestConsumer platform = TestConsumer.connect(broker.uri(), "platform", PREFIX + "/" + SITE + "/#")) {
            run(source, broker, platform);
        } finally {
            if (journal != null) {
                journal.close();
            }
        }
    }

    private void run(RecordingSource source, Mosquitto broker, TestConsumer platform) throws Exception {
        long t0 = System.nanoTime();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MqttSink sink = new MqttSink(
                UplinkFixtures.mqtt(broker.uri(), BATCH), SITE, source, registry, UplinkFixtures.fastOptions());
        sink.start();
        try {
            // Live: the stream is flowing when the broker goes away.
            produce(BEFORE_OUTAGE);
            await().atMost(Duration.ofSeconds(20)).until(() -> platform.uniqueEvents() >= BEFORE_OUTAGE / 4);
            broker.stop();
            long outageStart = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> !sink.metrics().isConnected());

            // Outage: the gateway keeps recording.
            produce(DURING_OUTAGE);
            CompletableFuture.allOf(appended.toArray(new CompletableFuture<?>[0]))
                    .get(30, TimeUnit.SECONDS);
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
            List<CompletableFuture<JournalEvent>> alarms = new ArrayList<>();
            int rest = TOTAL - BEFORE_OUTAGE - DURING_OUTAGE - ALARMS;
            for (int i = 0; i < ALARMS; i++) {
                Instant now = Instant.now();
                CompletableFuture<JournalEvent> a = append.apply(
                        EventDraft.at(MONITORS[i % MONITORS.length], now, SampleEvents.of(EventType.TAMPER_ALARM)));
                appended.add(a);
                alarms.add(a);
                produce(rest / ALARMS + (i == ALARMS - 1 ? rest % ALARMS : 0));
            }
            assertEquals(TOTAL, appended.size());
            List<JournalEvent> events = new ArrayList<>();
            for (CompletableFuture<JournalEvent> f : appended) {
                events.add(f.get(30, TimeUnit.SECONDS));
            }

            awaitAll(platform, broker, sink, source, events);
            long drained = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> source.pending() == 0);
            double drainSecs = (drained - restart) / 1e9;
            log.info(
                    "drain: {} events in {} s after the restart = {} events/s; {} duplicates; test so far {} s",
                    TOTAL - beforeRestart,
                    String.format(Locale.ROOT, "%.2f", drainSecs),
                    Math.round((TOTAL - beforeRestart) / drainSecs),
                    platform.duplicates(),
                    String.format(Locale.ROOT, "%.1f", (drained - t0) / 1e9));

            assertOrderPerDeviceAndTopic(platform);
            for (CompletableFuture<JournalEvent> a : alarms) {
                assertAlarmOvertookTheBacklog(platform, source, events, a.get());
            }
            assertTrue(sink.metrics().rewinds() >= 2, "a rewind after the reconnect");
            assertEquals(0.0, registry.get(UplinkMetrics.INFLIGHT).gauge().value(), "no message left in flight");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> registry.get(UplinkMetrics.PENDING).gauge().value() == 0);
            assertTrue(sink.metrics().publishedEvents() >= TOTAL, "resends count as published too");
        } finally {
            sink.stop();
        }
    }

    /** Every appended event arrives: deduplicated by id, the consumer holds exactly the journal's ids. */
    private static void awaitAll(
            TestConsumer platform, Mosquitto broker, MqttSink sink, EventSource source, List<JournalEvent> events) {
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> platform.uniqueEvents() == TOTAL);
        } catch (ConditionTimeoutException e) {
            List<Long> missing = new ArrayList<>();
            for (JournalEvent ev : events) {
                if (platform.arrival(ev.id()) == null && missing.size() < 20) {
                    missing.add(ev.seq());
                }
            }
            String log = broker.log();
            fail(
                    "arrived " + platform.uniqueEvents() + " of " + TOTAL + " (journal pending " + source.pending()
                            + ", consumer connected " + platform.connected() + ", unrouted at the broker "
                            + sink.metrics().unroutedEvents() + ", messages "
                            + platform.messages().size()
                            + "); first missing seqs " + missing + "\nconsumer: " + platform.connectionLog()
                            + "\nbroker log tail:\n" + log.substring(Math.max(0, log.length() - 4000)),
                    e);
        }
        Set<String> ids = new HashSet<>();
        for (JournalEvent ev : events) {
            ids.add(ev.id());
            if (platform.arrival(ev.id()) == null) {
                fail("event " + ev.id() + " never arrived");
            }
        }
        assertEquals(TOTAL, ids.size(), "the journal gave every event its own id");
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
     * When the journal handed the alarm to the sink, everything it had not handed out yet (the
     * rest of the backlog) must arrive after the alarm. What was already handed — one pull, the
     * in-flight window — may arrive first.
     */
    private static void assertAlarmOvertookTheBacklog(
            TestConsumer platform, RecordingSource source, List<JournalEvent> events, JournalEvent alarm) {
        long alarmHanded = source.handedAt(alarm.seq());
        int alarmAt = platform.position(alarm.id());
        long behind = 0;
        int firstBehindAt = Integer.MAX_VALUE;
        for (JournalEvent e : events) {
            if (e.kind() == EventKind.ALARM || source.handedAt(e.seq()) <= alarmHanded) {
                continue;
            }
            int at = platform.position(e.id());
            if (at < alarmAt) {
                fail("alarm seq " + alarm.seq() + " (handed #" + alarmHanded + ") arrived after seq " + e.seq()
                        + " (handed #" + source.handedAt(e.seq()) + ")");
            }
            behind++;
            firstBehindAt = Math.min(firstBehindAt, at);
        }
        log.info(
                "alarm seq {} arrived #{}: the {} events not yet handed to the sink then arrived from #{} on",
                alarm.seq(),
                alarmAt,
                behind,
                firstBehindAt);
        assertTrue(behind > 10_000, "the alarm met a real backlog: " + behind + " events behind it");
    }
}
