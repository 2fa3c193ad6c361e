package io.courtyard.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.journal.event.EventKind;
import io.courtyard.testsupport.TestJournal;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance: SIGKILL at any moment loses no acknowledged append and leaves a sound database. */
@Timeout(180)
class JournalCrashIT {
    private static final int ROUNDS = 5;

    @TempDir
    Path dir;

    @Test
    void killNineUnderLoadLosesNoAcknowledgedEventAndKeepsTheDatabaseIntact() throws Exception {
        Map<Long, String> acknowledged = new HashMap<>();
        long sinkAcked = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Process p = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx256m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            JournalCrashProbe.class.getName(),
                            dir.toString(),
                            Integer.toString(round))
                    .redirectError(dir.resolve("probe-" + round + ".err").toFile())
                    .start();
            // The kill clock starts at the probe's first durable append: JVM start-up, class loading and the
            // first commits on a loaded CI box can take seconds, and a kill before any append proves nothing.
            long killAt = Long.MAX_VALUE;
            long loadMillis = ThreadLocalRandom.current().nextLong(800, 2500);
            int acksThisRound = 0;
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("ACK ") && line.endsWith("}")) {
                        if (killAt == Long.MAX_VALUE) {
                            killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(loadMillis);
                        }
                        int sp = line.indexOf(' ', 4);
                        acknowledged.put(Long.parseLong(line.substring(4, sp)), line.substring(sp + 1));
                        acksThisRound++;
                    } else if (line.startsWith("SINKACK ")) {
                        sinkAcked = Math.max(sinkAcked, Long.parseLong(line.substring(8)));
                    }
                    if (System.nanoTime() > killAt && p.isAlive()) {
                        // SIGKILL via the handle: Process.destroyForcibly() would also close our end of the pipe.
                        p.toHandle().destroyForcibly();
                    }
                }
            }
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(acksThisRound)
                    .as(
                            "round %d made progress under load; the probe's stderr:%n%s",
                            round, Files.readString(dir.resolve("probe-" + round + ".err")))
                    .isGreaterThan(100);
        }

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("courtyard.db"))) {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT body FROM events WHERE seq = ?")) {
                for (Map.Entry<Long, String> e : acknowledged.entrySet()) {
                    ps.setLong(1, e.getKey());
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next())
                                .as("acknowledged seq %d is in the journal", e.getKey())
                                .isTrue();
                        assertThat(rs.getString(1)).isEqualTo(e.getValue());
                    }
                }
            }
        }
        try (TestJournal j = TestJournal.open(dir, "mqtt")) {
            // The sink resumes from its durable cursor: never beyond what it acknowledged, no gap after it.
            long cursor;
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("courtyard.db"));
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT acked_through FROM sink_cursor WHERE sink = 'mqtt'")) {
                cursor = rs.next() ? rs.getLong(1) : 0;
            }
            assertThat(cursor).isLessThanOrEqualTo(sinkAcked);
            List<JournalEvent> next = j.source("mqtt").next(1, 0);
            if (cursor < j.journal().lastDurableSeq()) {
                assertThat(next).extracting(JournalEvent::seq).containsExactly(cursor + 1);
            }
            // Sequence numbers continue after the highest durable one: nothing acknowledged is reused.
            long max = acknowledged.keySet().stream()
                    .mapToLong(Long::longValue)
                    .max()
                    .orElse(0);
            assertThat(j.append(EventKind.ACCESS, "after-crash").seq()).isGreaterThan(max);
        }
    }
}
