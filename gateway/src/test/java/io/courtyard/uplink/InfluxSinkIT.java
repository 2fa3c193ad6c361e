package io.courtyard.uplink;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.courtyard.config.Secret;
import io.courtyard.config.UpstreamConfig;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventSource;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.AccessDecided;
import io.courtyard.journal.event.AlarmState;
import io.courtyard.journal.event.DeviceStatus;
import io.courtyard.journal.event.DoorAlarm;
import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.EventType;
import io.courtyard.journal.event.RideRecorded;
import io.courtyard.testsupport.ListEventSource;
import io.courtyard.testsupport.SampleEvents;
import io.courtyard.testsupport.VictoriaMetricsServer;
import io.courtyard.testsupport.VictoriaMetricsServer.Series;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The sink against a real server speaking the InfluxDB v2 write API (VictoriaMetrics). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InfluxSinkIT {
    private static final String SITE = "yard-7";
    private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
    private static final InfluxSink.Settings FAST =
            new InfluxSink.Settings(1_000, Duration.ofMillis(100), Duration.ofMillis(50), Duration.ofMillis(400));

    @TempDir
    Path dir;

    private VictoriaMetricsServer server;
    private final List<InfluxSink> sinks = new ArrayList<>();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void startServer() throws Exception {
        server = VictoriaMetricsServer.start(dir.resolve("vm"));
        logs.start();
        ((Logger) LoggerFactory.getLogger(InfluxSink.class)).addAppender(logs);
    }

    @AfterEach
    void stopAll() throws Exception {
        for (InfluxSink s : sinks) {
            s.stop();
        }
        ((Logger) LoggerFactory.getLogger(InfluxSink.class)).detachAppender(logs);
        server.close();
    }

    private InfluxSink start(EventSource source, URI url) {
        UpstreamConfig.Influx cfg =
                new UpstreamConfig.Influx(url, "courtyard", "events", Optional.of(new Secret("not-checked")));
        InfluxSink sink = new InfluxSink(cfg, SITE, source, registry, FAST);
        sinks.add(sink);
        sink.start();
        return sink;
    }

    private static EventDraft draft(String device, Instant ts, Event event) {
        return new EventDraft(device, ts, ts.plusMillis(300), event);
    }

    /** A steady stream of device samples, one per second of device time, each with its own millisecond. */
    private static void addSamples(ListEventSource source, int from, int count) {
        for (int i = from; i < from + count; i++) {
            source.add(draft("mon-1", T0.plusSeconds(i).plusMillis(i), new DeviceStatus("bus", i, false, false)));
        }
    }

    private List<Series> export(String selector) throws Exception {
        return server.export(selector);
    }

    private static Series only(List<Series> series, String name) {
        List<Series> named = series.stream().filter(s -> s.name().equals(name)).toList();
        assertEquals(1, named.size(), name + " in " + series);
        return named.get(0);
    }

    private double counter(String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private double lastSuccessAgeMillis() {
        return registry.get(InfluxSinkMetrics.LAST_SUCCESS_AGE).timeGauge().value(TimeUnit.MILLISECONDS);
    }

    private List<String> logged(Level level) {
        return logs.list.stream()
                .filter(e -> e.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void pointsWrittenThroughInfluxClientAreReadBackWithTagsValuesAndDeviceTimes() throws Exception {
        ListEventSource source = new ListEventSource("influx", SITE + "-a");
        JournalEvent access = source.add(draft(
                "gate-1",
                T0.plusMillis(1),
                new AccessDecided(
                        AccessDecided.Decision.GRANT,
                        "granted",
                        null,
                        "card",
                        "card:h10301/****78",
                        null,
                        "c-1",
                        "h-1",
                        "resident",
                        "1-1-1201",
                        "group residents (always)",
                        3,
                        AccessDecided.Actuation.pulse(3000),
                        null)));
        JournalEvent ride = source.add(draft(
                "lift-1",
                T0.plusMillis(2),
                new RideRecorded(
                        "B1-U1",
                        "1",
                        "1",
                        "card",
                        "card:h10301/****78",
                        "c-1",
                        "h-1",
                        "resident",
                        "1-1-1201",
                        1,
                        false,
                        12,
                        null,
                        T0,
                        "granted",
                        3)));
        JournalEvent status = source.add(draft("mon-1", T0.plusMillis(3), new DeviceStatus("bus", 7, true, false)));
        JournalEvent alarm = source.add(draft(
                "gate-2",
                T0.plusMillis(4),
                new DoorAlarm(DoorAlarm.Alarm.DOOR_FORCED_OPEN, AlarmState.RAISED, "gate-2", null, T0, null)));

        start(source, server.url());

        await().atMost(Duration.ofSeconds(10)).until(() -> source.pending() == 0);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> export("{__name__=~\".+_seq\"}").size() == 4);
        List<Series> all = export("{__name__=~\".+\"}");

        Series accessSeq = only(all, "access_seq");
        assertEquals(
                Map.of(
                        "site",
                        SITE,
                        "device",
                        "gate-1",
                        "decision",
                        "grant",
                        "reason",
                        "granted",
                        "credentialType",
                        "card"),
                accessSeq.labels(),
                "no db/bucket/org label: VictoriaMetrics ignores them on /api/v2/write");
        assertEquals(List.of((double) access.seq()), accessSeq.values());
        assertEquals(List.of(access.ts().toEpochMilli()), accessSeq.timestamps());
        assertEquals(List.of(3.0), only(all, "access_aclVersion").values());

        Series toFloor = only(all, "ride_aclVersion");
        assertEquals(
                Map.of("site", SITE, "device", "lift-1", "elevator", "B1-U1", "fromFloor", "1", "toFloor", "12"),
                toFloor.labels());
        assertEquals(List.of(ride.ts().toEpochMilli()), toFloor.timestamps());
        assertEquals(List.of((double) ride.seq()), only(all, "ride_seq").values());

        Series tamper = only(all, "device_tamper");
        assertEquals("status", tamper.labels().get("state"));
        assertEquals(List.of(1.0), tamper.values());
        assertEquals(List.of(status.ts().toEpochMilli()), tamper.timestamps());

        Series alarmSeq = only(all, "alarm_seq");
        assertEquals("door-forced-open", alarmSeq.labels().get("alarm"));
        assertEquals("gate-2", alarmSeq.labels().get("door"));
        assertEquals(List.of(alarm.ts().toEpochMilli()), alarmSeq.timestamps());

        String everything = all.toString();
        assertFalse(everything.contains("****78"), "card number left the gateway: " + everything);
        assertFalse(everything.contains("1201"), "household left the gateway: " + everything);
        assertTrue(all.stream().noneMatch(s -> s.name().endsWith("_credential")), everything);
        assertEquals(4.0, counter(InfluxSinkMetrics.WRITTEN));
        assertEquals(0.0, counter(InfluxSinkMetrics.FAILURES));
    }

    @Test
    void redeliveredEventsOverwriteTheirPointsInsteadOfAddingSamples() throws Exception {
        // The first acknowledgement is lost, as when the gateway dies between write and ack.
        ListEventSource journal = new ListEventSource("influx", SITE + "-a");
        addSamples(journal, 0, 50);
        AtomicInteger acks = new AtomicInteger();
        EventSource losesFirstAck = new ForwardingSource(journal) {
            @Override
            public void ack(long... seqs) {
                if (acks.getAndIncrement() == 0) {
                    throw new IllegalStateException("simulated: journal write failed");
                }
                super.ack(seqs);
            }
        };
        start(losesFirstAck, server.url());
        await().atMost(Duration.ofSeconds(10)).until(() -> journal.pending() == 0);

        // And a restarted gateway whose cursor never moved hands the same events to a new sink.
        ListEventSource afterRestart = new ListEventSource("influx", SITE + "-a");
        addSamples(afterRestart, 0, 50);
        start(afterRestart, server.url());
        await().atMost(Duration.ofSeconds(10)).until(() -> afterRestart.pending() == 0);

        assertEquals(1.0, counter(InfluxSinkMetrics.FAILURES, "cause", "journal"));
        assertEquals(100.0, counter(InfluxSinkMetrics.WRITTEN), "sent three times, acknowledged twice");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> only(export("device_seq"), "device_seq").values().size() >= 50);
        Series seq = only(export("device_seq"), "device_seq");
        assertEquals(
                LongStream.rangeClosed(1, 50).mapToObj(s -> (double) s).toList(),
                seq.values(),
                "one sample per event, not three");
        assertEquals(50, new TreeSet<>(seq.timestamps()).size());
    }

    @Test
    void outageKeepsEventsUnacknowledgedAndDeliversEverythingWhenTheServerReturns() throws Exception {
        ListEventSource source = new ListEventSource("influx", SITE + "-a");
        List<long[]> ackedBatches = new CopyOnWriteArrayList<>();
        addSamples(source, 0, 10);
        start(
                new ForwardingSource(source) {
                    @Override
                    public void ack(long... seqs) {
                        super.ack(seqs);
                        ackedBatches.add(seqs.clone());
                    }
                },
                server.url());
        await().atMost(Duration.ofSeconds(10)).until(() -> source.pending() == 0);

        long lastWriteBefore = System.nanoTime();
        server.stop();
        addSamples(source, 10, 2_490);
        JournalEvent alarm = source.add(draft("mon-1", T0.plusSeconds(5_000), SampleEvents.of(EventType.TAMPER_ALARM)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> counter(InfluxSinkMetrics.FAILURES, "cause", "unreachable") >= 4);
        assertEquals(2_491, source.pending(), "nothing acknowledged while the server is down");
        assertEquals(
                LongStream.rangeClosed(1, 10).boxed().collect(Collectors.toCollection(TreeSet::new)), source.acked());
        assertEquals(2_491.0, registry.get(InfluxSinkMetrics.PENDING).gauge().value());
        // Failed attempts do not refresh it: the age covers at least the whole outage so far.
        long outageMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastWriteBefore);
        assertTrue(lastSuccessAgeMillis() >= outageMillis, "age " + lastSuccessAgeMillis() + " < " + outageMillis);

        server.restart();
        await().atMost(Duration.ofSeconds(15)).until(() -> source.pending() == 0);
        assertEquals(2_501, source.acked().size());
        // The failed batch was rewound, so the alarm raised during the outage went out first.
        long[] firstAfterOutage = ackedBatches.get(1);
        assertEquals(alarm.seq(), firstAfterOutage[0], "alarm before the backlog");
        assertEquals(FAST.batchSize(), firstAfterOutage.length);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> only(export("device_seq"), "device_seq").values().size() == 2_500);
        assertEquals(1, export("alarm_seq").size());
        assertEquals(2_501.0, counter(InfluxSinkMetrics.WRITTEN));
        assertEquals(0.0, registry.get(InfluxSinkMetrics.PENDING).gauge().value());
        assertTrue(lastSuccessAgeMillis() < 5_000, "age " + lastSuccessAgeMillis());

        // One line when it broke and one when it healed, however many retries there were.
        assertEquals(1, logged(Level.WARN).size(), logged(Level.WARN).toString());
        assertTrue(
                logged(Level.WARN).get(0).contains("unreachable"),
                logged(Level.WARN).toString());
        assertEquals(
                1,
                logged(Level.INFO).stream()
                        .filter(m -> m.contains("succeed again"))
                        .count());
    }

    @Test
    void rejectedWritesAreRetriedNeverDropped() throws Exception {
        ListEventSource source = new ListEventSource("influx", SITE + "-a");
        addSamples(source, 0, 5);
        // A wrong base path: the server answers 400, as it would to a bad token or bucket.
        InfluxSink sink = start(source, server.url().resolve("/wrong/"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> counter(InfluxSinkMetrics.FAILURES, "cause", "rejected") >= 3);
        assertEquals(5, source.pending());
        assertTrue(source.acked().isEmpty());
        assertEquals(1, logged(Level.ERROR).size(), logged(Level.ERROR).toString());
        assertTrue(
                logged(Level.ERROR).get(0).contains("HTTP 400"),
                logged(Level.ERROR).toString());

        long t0 = System.nanoTime();
        sink.stop();
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "stop interrupts the backoff");
        assertEquals(5, source.pending());
    }

    @Test
    void deviceTimeInfluxCannotStoreIsCountedAndDoesNotBlockTheRest() throws Exception {
        ListEventSource source = new ListEventSource("influx", SITE + "-a");
        source.add(draft("mon-1", Instant.parse("2300-01-01T00:00:00Z"), SampleEvents.of(EventKind.DEVICE)));
        addSamples(source, 1, 3);
        start(source, server.url());
        await().atMost(Duration.ofSeconds(10)).until(() -> source.pending() == 0);
        assertEquals(1.0, counter(InfluxSinkMetrics.UNWRITABLE));
        assertEquals(3.0, counter(InfluxSinkMetrics.WRITTEN));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> only(export("device_seq"), "device_seq").values().size() == 3);
    }

    /** Delegates everything; tests override the one call they break. */
    private static class ForwardingSource implements EventSource {
        private final EventSource delegate;

        ForwardingSource(EventSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public String sink() {
            return delegate.sink();
        }

        @Override
        public List<JournalEvent> next(int max, long waitMillis) throws InterruptedException {
            return delegate.next(max, waitMillis);
        }

        @Override
        public List<JournalEvent> nextInOrder(int max, long waitMillis) throws InterruptedException {
            return delegate.nextInOrder(max, waitMillis);
        }

        @Override
        public void ack(long... seqs) {
            delegate.ack(seqs);
        }

        @Override
        public void rewind() {
            delegate.rewind();
        }

        @Override
        public long pending() {
            return delegate.pending();
        }
    }
}
