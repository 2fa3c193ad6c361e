package io.courtyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.config.JournalConfig;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventSource;
import io.courtyard.journal.Journal;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.GatewayRestored;
import io.courtyard.store.Database;
import io.courtyard.testsupport.ProjectFiles;
import io.courtyard.testsupport.SampleEvents;
import io.courtyard.testsupport.TestJournal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code courtyard backup} and {@code courtyard restore} in-process, on real SQLite files. */
@Timeout(120)
class BackupRestoreTest {
    private static final String SITE = "demo-court";

    @TempDir
    Path dir;

    private String out = "";
    private String err = "";

    private int run(String... args) {
        CliRun r = CliRun.of(args);
        out = r.out();
        err = r.err();
        return r.exit();
    }

    private int backup(Path state, Path file) {
        return run("backup", file.toString(), "--config", demo(), "--state-dir", state.toString());
    }

    private int restore(Path file, Path state, String... more) {
        List<String> args = new ArrayList<>(
                List.of("restore", file.toString(), "--config", demo(), "--state-dir", state.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private static String demo() {
        return ProjectFiles.config("demo.yaml").toString();
    }

    /** The gateway's database and journal (site demo-court), with an MQTT sink's cursor. */
    private record State(Database db, Journal journal, EventSource mqtt) implements AutoCloseable {
        static State open(Path dir) throws Exception {
            JournalConfig config = TestJournal.config(64L << 20);
            Database db = new Database(dir, config.synchronous());
            db.start();
            Journal j = new Journal(db, SITE, config, new SimpleMeterRegistry());
            EventSource mqtt = j.source("mqtt");
            j.start();
            return new State(db, j, mqtt);
        }

        List<JournalEvent> append(int n) throws Exception {
            List<JournalEvent> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(journal.append(draft(i)).get(10, TimeUnit.SECONDS));
            }
            return out;
        }

        @Override
        public void close() throws Exception {
            journal.stop();
            db.stop();
        }
    }

    private static EventDraft draft(int i) {
        return EventDraft.at("north-gate", Instant.now(), SampleEvents.numbered(EventKind.ACCESS, i));
    }

    @Test
    void backupWhileTheJournalKeepsWritingIsOneConsistentPrivateCopy() throws Exception {
        Path state = dir.resolve("state");
        Path file = dir.resolve("courtyard-backup.db");
        try (State s = State.open(state)) {
            s.append(100);
            AtomicBoolean stop = new AtomicBoolean();
            List<CompletableFuture<JournalEvent>> during = new ArrayList<>();
            Thread producer = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    CompletableFuture<JournalEvent> f = s.journal().append(draft(i));
                    during.add(f);
                    if (i % 200 == 199) {
                        f.join(); // a device's pace: never more than 200 appends in flight
                    }
                }
            });
            producer.start();
            int code;
            try {
                TimeUnit.MILLISECONDS.sleep(100);
                code = backup(state, file);
                TimeUnit.MILLISECONDS.sleep(100);
            } finally {
                stop.set(true);
                producer.join();
            }
            assertThat(code).as(() -> err).isEqualTo(ExitCodes.OK);
            CompletableFuture.allOf(during.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            long last = s.journal().lastDurableSeq();

            assertThat(out).startsWith(file + ": backup of site demo-court: schema version ");
            assertThat(out).contains("integrity ok");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                long max = scalar(c, "SELECT MAX(seq) FROM events");
                assertThat(scalar(c, "SELECT COUNT(*) FROM events"))
                        .as("one consistent state: dense seqs 1..max")
                        .isEqualTo(max);
                assertThat(max).isGreaterThanOrEqualTo(100).isLessThan(last);
                assertThat(text(c, "SELECT value FROM meta WHERE key = 'journal.last_seq'"))
                        .isEqualTo(Long.toString(max));
                assertThat(text(c, "PRAGMA journal_mode"))
                        .as("one self-contained file")
                        .isEqualTo("delete");
                assertThat(text(c, "SELECT value FROM meta WHERE key = 'backup.site'"))
                        .isEqualTo(SITE);
            }
            assertThat(out).contains("journal through seq ");
            assertThat(dir.resolve(".courtyard-backup.db.part")).doesNotExist();
        }

        assertThat(backup(state, file)).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains(file + ": exists; a backup never overwrites a file");
        assertThat(backup(dir.resolve("empty"), dir.resolve("b2.db"))).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("no database; has the gateway run with this state directory?");
    }

    @Test
    void restoreOnAFreshStateDirectoryContinuesUnderANewInstanceWithoutReusingAnyId() throws Exception {
        Path old = dir.resolve("old");
        Path file = dir.resolve("b.db");
        List<JournalEvent> before;
        List<JournalEvent> after;
        try (State s = State.open(old)) {
            before = s.append(50);
            s.mqtt().ack(seqs(before.subList(0, 30)));
            awaitCursorPersisted(s, 30);
            assertThat(backup(old, file)).as(() -> err).isEqualTo(ExitCodes.OK);
            after = s.append(20); // the old box goes on; upstream sees these, the backup does not
        }
        String oldInstance = instancePart(before.get(0).id());

        Path fresh = dir.resolve("fresh");
        assertThat(restore(file, fresh)).as(() -> err).isEqualTo(ExitCodes.OK);
        assertThat(out)
                .contains("restored to " + fresh.resolve("courtyard.db"))
                .contains("journal through seq 50")
                .contains("from seq 51 (was " + oldInstance + ")");

        try (State s = State.open(fresh)) {
            List<JournalEvent> resend = s.mqtt().next(1000, 0);
            assertThat(resend).extracting(JournalEvent::seq).first().isEqualTo(31L);
            // What the backup held and had not forwarded goes again, under the ids upstream may have seen.
            for (JournalEvent e : resend.subList(0, 20)) {
                JournalEvent original = before.get((int) e.seq() - 1);
                assertThat(e.id()).isEqualTo(original.id());
                assertThat(e.body()).isEqualTo(original.body());
            }
            JournalEvent restored = resend.get(20);
            assertThat(restored.seq()).isEqualTo(51);
            assertThat(restored.kind()).isEqualTo(EventKind.DEVICE);
            assertThat(restored.body())
                    .contains("\"state\":\"restored\"")
                    .contains("\"previousInstance\":\"" + oldInstance + "\"")
                    .contains("\"backupSeq\":50");
            String newInstance = instancePart(restored.id());
            assertThat(newInstance).isNotEqualTo(oldInstance);
            assertThat(restored.event()).isInstanceOfSatisfying(GatewayRestored.class, r -> {
                assertThat(r.instance()).isEqualTo(newInstance);
                assertThat(r.previousInstance()).isEqualTo(oldInstance);
                assertThat(r.backupSeq()).isEqualTo(50);
                assertThat(r.backupTakenAt()).isNotNull();
                assertThat(r.backupRelease()).isNotBlank();
            });

            List<JournalEvent> next = s.append(30);
            assertThat(next).extracting(JournalEvent::seq).first().isEqualTo(52L);
            List<String> oldIds =
                    new ArrayList<>(before.stream().map(JournalEvent::id).toList());
            oldIds.addAll(after.stream().map(JournalEvent::id).toList());
            assertThat(next)
                    .extracting(JournalEvent::id)
                    .allMatch(id -> id.startsWith(SITE + "-" + newInstance + "-"))
                    .doesNotContainAnyElementsOf(oldIds);
        }
        // A second restart keeps every earlier instance's ids.
        try (State s = State.open(fresh)) {
            assertThat(s.mqtt().next(1, 0))
                    .extracting(JournalEvent::id)
                    .containsExactly(before.get(30).id());
        }
    }

    @Test
    void seqFloorLiftsTheNewSequenceNumbersAboveWhatUpstreamSaw() throws Exception {
        Path old = dir.resolve("old");
        Path file = dir.resolve("b.db");
        try (State s = State.open(old)) {
            s.append(10);
            assertThat(backup(old, file)).isEqualTo(ExitCodes.OK);
        }
        Path fresh = dir.resolve("fresh");
        assertThat(restore(file, fresh, "--seq-floor", "5000")).as(() -> err).isEqualTo(ExitCodes.OK);
        assertThat(out).contains("from seq 5001");
        try (State s = State.open(fresh)) {
            assertThat(s.append(1).get(0).seq()).isEqualTo(5002);
        }
    }

    @Test
    void restoreMovesTheDatabaseItReplacesAsideWithItsWal() throws Exception {
        Path state = dir.resolve("state");
        Path file = dir.resolve("b.db");
        try (State s = State.open(state)) {
            s.append(5);
            assertThat(backup(state, file)).isEqualTo(ExitCodes.OK);
            s.append(7);
        }
        assertThat(restore(file, state)).as(() -> err).isEqualTo(ExitCodes.OK);

        List<Path> aside;
        try (var l = Files.list(state)) {
            aside = l.filter(p -> p.getFileName().toString().startsWith("before-restore-"))
                    .toList();
        }
        assertThat(aside).hasSize(1);
        assertThat(out).contains("the previous database is in " + aside.get(0));
        try (Connection c =
                DriverManager.getConnection("jdbc:sqlite:" + aside.get(0).resolve("courtyard.db"))) {
            assertThat(scalar(c, "SELECT MAX(seq) FROM events")).isEqualTo(12);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("courtyard.db"))) {
            assertThat(scalar(c, "SELECT MAX(seq) FROM events"))
                    .as("5 restored, then the restored event")
                    .isEqualTo(6);
        }
    }

    @Test
    void restoreRefusesWhatItCannotTrustAndChangesNothing() throws Exception {
        Path old = dir.resolve("old");
        Path good = dir.resolve("good.db");
        try (State s = State.open(old)) {
            s.append(3);
            assertThat(backup(old, good)).isEqualTo(ExitCodes.OK);
        }
        Path target = dir.resolve("target");

        Path newer = copy(good, "newer.db");
        sql(newer, "PRAGMA user_version = 999");
        assertThat(restore(newer, target)).isEqualTo(ExitCodes.FAILURE);
        assertThat(err)
                .contains(newer + ": schema version 999 is newer than this gateway knows (")
                .contains("Restore it with that version or a later one.; nothing was changed.");

        Path otherSite = copy(good, "other.db");
        sql(otherSite, "UPDATE meta SET value = 'other-court' WHERE key = 'backup.site'");
        assertThat(restore(otherSite, target)).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains(otherSite + ": a backup of site other-court, but " + demo() + " is site demo-court");

        Path corrupt = copy(good, "corrupt.db");
        try (RandomAccessFile f = new RandomAccessFile(corrupt.toFile(), "rw")) {
            f.seek(4096); // every page after the first: the schema still reads, the tables do not
            f.write(new byte[(int) f.length() - 4096]);
        }
        assertThat(restore(corrupt, target)).as(() -> err).isEqualTo(ExitCodes.FAILURE);
        assertThat(err).startsWith(corrupt + ": ").contains("nothing was changed");

        Path text = ProjectFiles.write(dir.resolve("notes.db"), "not a database at all\n");
        assertThat(restore(text, target)).isEqualTo(ExitCodes.FAILURE);
        assertThat(err).contains(text + ": not an SQLite database");

        Path live = old.resolve("courtyard.db");
        try (State s = State.open(old)) {
            s.append(1);
            assertThat(restore(live, target)).isEqualTo(ExitCodes.FAILURE);
            assertThat(err).contains("is a live database, not a backup");
        }

        assertThat(target).as("nothing was changed").doesNotExist();

        Path unstamped = copy(good, "unstamped.db");
        sql(unstamped, "DELETE FROM meta WHERE key LIKE 'backup.%'");
        assertThat(restore(unstamped, target)).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("records no site").contains("confirm with --site demo-court");
        assertThat(restore(unstamped, target, "--site", "other-court")).isEqualTo(ExitCodes.USAGE);
        assertThat(restore(unstamped, target, "--site", SITE)).as(() -> err).isEqualTo(ExitCodes.OK);
        assertThat(out).contains("taken at an unknown time");
    }

    @Test
    void restoreRefusesWhileAGatewayHoldsTheStateDirectory() throws Exception {
        Path state = dir.resolve("state");
        Path file = dir.resolve("b.db");
        try (State s = State.open(state)) {
            s.append(3);
            assertThat(backup(state, file)).isEqualTo(ExitCodes.OK);
            assertThat(restore(file, state)).isEqualTo(ExitCodes.FAILURE);
            assertThat(err).contains("a gateway is running on this state directory; stop it first");
            assertThat(s.append(1).get(0).seq())
                    .as("the running journal is untouched")
                    .isEqualTo(4);
        }
    }

    private static long[] seqs(List<JournalEvent> events) {
        return events.stream().mapToLong(JournalEvent::seq).toArray();
    }

    /** Acks persist with the writer's next commit or idle tick. */
    private static void awaitCursorPersisted(State s, long through) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (Connection c = s.db().connect()) {
                if (scalar(c, "SELECT COALESCE(MAX(acked_through), 0) FROM sink_cursor") >= through) {
                    return;
                }
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("cursor not persisted");
    }

    private static String instancePart(String id) {
        String rest = id.substring(SITE.length() + 1);
        return rest.substring(0, rest.indexOf('-'));
    }

    private Path copy(Path from, String name) throws Exception {
        return Files.copy(from, dir.resolve(name));
    }

    private static void sql(Path db, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement()) {
            st.executeUpdate(statement);
        }
    }

    private static long scalar(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private static String text(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
