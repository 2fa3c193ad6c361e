package io.courtyard.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.journal.event.EventType;
import io.courtyard.journal.event.Unreadable;
import io.courtyard.store.Database;
import io.courtyard.testsupport.LegacyJournal;
import io.courtyard.testsupport.TestJournal;
import io.courtyard.uplink.InfluxPoints;
import io.courtyard.uplink.UplinkJson;
import io.courtyard.uplink.UplinkTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal written by the release before typed events (bodies without a stored type) reads back
 * after the upgrade: every event as its record, sent upstream and to InfluxDB exactly as that
 * release sent it. {@code LegacyJournalIT} runs the whole gateway on the same fixture.
 */
class LegacyJournalTest {
    @TempDir
    Path dir;

    Database db;
    Connection conn;
    final List<JournalEvent> events = new ArrayList<>();

    @BeforeEach
    void openTheFixtureWithThisRelease() throws Exception {
        LegacyJournal.copyTo(dir);
        db = new Database(dir, Synchronous.FULL);
        db.start(); // migrates: the type column arrives, no row is rewritten
        conn = db.connect();
        JournalReader.unacknowledged(conn, LegacyJournal.SITE, "never-declared", events::add);
    }

    @AfterEach
    void close() throws Exception {
        conn.close();
        db.stop();
    }

    @Test
    void theUpgradeAddsTheTypeColumnWithoutRewritingAnyRow() throws Exception {
        assertThat(db.schemaVersion())
                .as("0.1.0 was at 3; commands, the type column, usage and faults, the faults' hourly figures")
                .isEqualTo(7);
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(type) FROM events")) {
            assertThat(rs.getInt(1)).isEqualTo(LegacyJournal.EVENTS);
            assertThat(rs.getInt(2)).as("rows with a stored type").isZero();
        }
    }

    @Test
    void everyOldEventReadsBackAsItsRecordAndTheFixtureCoversEveryType() {
        assertThat(events).hasSize(LegacyJournal.EVENTS);
        assertThat(events)
                .filteredOn(e -> e.event() instanceof Unreadable)
                .as("unreadable")
                .isEmpty();
        Set<EventType> types = events.stream().map(e -> e.event().eventType()).collect(Collectors.toSet());
        // Every type 0.1.0 wrote; the ones added since (plate cameras, monitors, ...) were in no release.
        assertThat(types).isEqualTo(EnumSet.range(EventType.ACCESS_DECIDED, EventType.GATE_INPUT));
    }

    @Test
    void aReaderOfSomeTypesDecodesTheUntypedOldRowsToFindThemAndPassesOverTheRest() throws Exception {
        Journal journal = new Journal(db, LegacyJournal.SITE, TestJournal.config(64L << 20), new SimpleMeterRegistry());
        EventSource view = journal.source("typed-reader");
        journal.start();
        try {
            EventSource.Stretch s =
                    view.nextInOrder(LegacyJournal.EVENTS + 10, 1000, EnumSet.of(EventType.ACCESS_DECIDED));
            assertThat(s.seqs()).as("every row handed out").hasSize(LegacyJournal.EVENTS);
            assertThat(s.events())
                    .extracting(JournalEvent::seq)
                    .as("the access decisions, by their decoded type")
                    .containsExactlyElementsOf(events.stream()
                            .filter(e -> e.event().eventType() == EventType.ACCESS_DECIDED)
                            .map(JournalEvent::seq)
                            .toList())
                    .isNotEmpty();
            view.ackCommitted(s.seqs());
            assertThat(view.pending()).isZero();
        } finally {
            journal.stop();
        }
    }

    @Test
    void upstreamPayloadsAreByteForByteWhatTheOldReleaseSent() {
        Map<Long, LegacyJournal.Sent> sent = LegacyJournal.mqtt();
        UplinkJson json = new UplinkJson();
        UplinkTopics topics = new UplinkTopics("cy", LegacyJournal.SITE);
        for (JournalEvent e : events) {
            LegacyJournal.Sent before = sent.get(e.seq());
            assertThat(topics.event(e.kind())).as("topic of seq %d", e.seq()).isEqualTo(before.topic());
            assertThat(new String(json.event(e), StandardCharsets.UTF_8))
                    .as("payload of seq %d", e.seq())
                    .isEqualTo(before.payload());
        }
        assertThat(sent).hasSize(events.size());
    }

    @Test
    void influxLinesAreWhatTheOldReleaseWrote() {
        Map<Long, String> written = LegacyJournal.influx();
        InfluxPoints points = new InfluxPoints(LegacyJournal.SITE);
        for (JournalEvent e : events) {
            assertThat(points.toPoint(e).orElseThrow().toLineProtocol())
                    .as("line of seq %d", e.seq())
                    .isEqualTo(written.get(e.seq()));
        }
    }
}
