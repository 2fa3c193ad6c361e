package io.courtyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.JournalProjector;
import io.courtyard.journal.event.RideRecorded;
import io.courtyard.testsupport.ProjectFiles;
import io.courtyard.testsupport.TestJournal;
import io.courtyard.usage.UsageProjection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code courtyard bill} on the demo configuration over a real journal: rides half projected into
 * the usage tables and half only in the journal, the statement printed with its inputs, issued,
 * recomputed to the same hash, and an edited bill caught.
 */
@Timeout(120)
class BillCliTest {
    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = Main.commandLine(CliTest.NO_GATEWAY);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private String[] args(String... more) {
        String[] base = {
            "bill",
            "--config",
            ProjectFiles.config("demo.yaml").toString(),
            "--state-dir",
            dir.resolve("state").toString(),
            "--month",
            "2026-10",
            "--elevator",
            "elevator-1-1"
        };
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static RideRecorded ride(String household, int floor) {
        return new RideRecorded(
                "elevator-1-1",
                "1",
                "1",
                "card",
                null,
                null,
                null,
                "resident",
                household,
                1,
                false,
                floor,
                null,
                Instant.parse("2026-10-03T00:00:00Z"),
                "granted",
                1);
    }

    /** 1-1-301 rides 4 times to 3F, 1-1-702 twice to 7F; one ride in September and one in November. */
    @BeforeEach
    void journalRides() throws Exception {
        GatewayConfig cfg = ConfigLoader.load(ProjectFiles.config("demo.yaml"));
        Instant oct = Instant.parse("2026-10-10T02:00:00Z");
        try (TestJournal j = TestJournal.open(dir.resolve("state"), UsageProjection.SINK)) {
            JournalProjector usage = new JournalProjector(
                    j.source(UsageProjection.SINK),
                    j.database(),
                    new UsageProjection(cfg.site().timeZone()),
                    JournalProjector.Policy.DEFAULT,
                    j.registry());
            usage.start();
            for (int i = 0; i < 2; i++) {
                j.journal()
                        .append(new EventDraft("elevator-1-1", oct, oct, ride("1-1-301", 3)))
                        .get(10, TimeUnit.SECONDS);
            }
            j.journal()
                    .append(new EventDraft("elevator-1-1", oct, oct, ride("1-1-702", 7)))
                    .get(10, TimeUnit.SECONDS);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> j.source(UsageProjection.SINK).pending() == 0);
            usage.stop();
            // Journaled after the projection stopped: the command must read these from the journal.
            for (int i = 0; i < 2; i++) {
                j.journal()
                        .append(new EventDraft("elevator-1-1", oct, oct, ride("1-1-301", 3)))
                        .get(10, TimeUnit.SECONDS);
            }
            j.journal()
                    .append(new EventDraft("elevator-1-1", oct, oct, ride("1-1-702", 7)))
                    .get(10, TimeUnit.SECONDS);
            // 2026-09-30T16:30Z is 2026-10-01 00:30 in Shanghai: October; 2026-10-31T16:30Z is November.
            Instant sep = Instant.parse("2026-09-30T16:30:00Z");
            Instant nov = Instant.parse("2026-10-31T16:30:00Z");
            j.journal()
                    .append(new EventDraft("elevator-1-1", sep, sep, ride("1-1-402", 4)))
                    .get(10, TimeUnit.SECONDS);
            j.journal()
                    .append(new EventDraft("elevator-1-1", nov, nov, ride("1-1-402", 4)))
                    .get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theStatementCountsEveryRideOfTheMonthInTheSiteTimeZoneAndShowsItsInputs() {
        assertThat(run(args())).as(err::toString).isEqualTo(ExitCodes.OK);
        String csv = out.toString();
        assertThat(csv).startsWith("# month=2026-10 elevator=elevator-1-1 unit=1-1 total=1986.30");
        assertThat(csv).contains("# item=electricity model=floors basis=floors amount=486.30");
        assertThat(csv)
                .contains(
                        "household,floor,area,coefficient,exempt,vacant,rides,floorsTravelled,electricity.share,electricity.yuan,");
        // Floors: 301 4 rides × 2, 402 1 × 3, 702 2 × 6 = 8 + 3 + 12 = 23.
        assertThat(csv).containsPattern("\\n1-1-301,3,89.50,0.7000,false,false,4,8,0.34782609,");
        assertThat(csv).containsPattern("\\n1-1-402,4,89.50,0.8000,false,false,1,3,");
        assertThat(csv).containsPattern("\\n1-1-702,7,89.50,1.1000,false,false,2,12,0.52173913,");
        assertThat(csv).containsPattern("\\n1-1-201,2,89.50,0.0000,true,false,0,0,0.00000000,0.00,");
        assertThat(err.toString()).contains("not issued yet");
        long totalFen = csv.lines()
                .filter(l -> l.startsWith("1-1-"))
                .mapToLong(l -> Math.round(Double.parseDouble(l.substring(l.lastIndexOf(',') + 1)) * 100))
                .sum();
        assertThat(totalFen).isEqualTo(198_630);
    }

    @Test
    void anIssuedBillRecomputesToTheSameHashAndAnEditedOneIsCaught() throws Exception {
        assertThat(run(args("--issue"))).as(err::toString).isEqualTo(ExitCodes.OK);
        String hash = err.toString().replaceAll("(?s).*sha256 ([0-9a-f]{64}).*", "$1");
        assertThat(hash).hasSize(64);

        assertThat(run(args("--format", "json"))).as(err::toString).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("\"hash\":\"" + hash + "\"");
        assertThat(err.toString()).contains("matches: recomputed from the journal, same hash");

        // The canonical text hashes to the hash with any SHA-256 tool.
        assertThat(run(args("--canonical"))).isEqualTo(ExitCodes.OK);
        byte[] canonical = out.toString().strip().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical)))
                .isEqualTo(hash);

        // Someone lowers 702's line in the stored journal body: the body no longer hashes to its hash.
        Path db = dir.resolve("state").resolve("courtyard.db");
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement()) {
            int n = st.executeUpdate("UPDATE events SET body = replace(body, '\"household\":\"1-1-702\",\"floor\":7',"
                    + " '\"household\":\"1-1-702\",\"floor\":2') WHERE type = 'bill-issued'");
            assertThat(n).isEqualTo(1);
        }
        assertThat(run(args())).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).contains("does NOT match its own hash");
        assertThat(Files.exists(db)).isTrue();
    }

    @Test
    void compareShowsEveryModelSideBySideAndEachColumnAddsUpToTheTotal() {
        assertThat(run(args("--compare"))).as(err::toString).isEqualTo(ExitCodes.OK);
        var rows = out.toString().lines().toList();
        assertThat(rows.get(0)).isEqualTo("household,coefficient,rides,floors,hybrid");
        for (int col = 1; col <= 4; col++) {
            int k = col;
            long sum = rows.stream()
                    .skip(1)
                    .mapToLong(l -> Math.round(Double.parseDouble(l.split(",")[k]) * 100))
                    .sum();
            assertThat(sum).as("column %d", col).isEqualTo(198_630);
        }
    }

    @Test
    void costItemsFromACsvReplaceTheConfiguredOnesAndBadLinesAreNamed() throws Exception {
        Path csv = Files.writeString(
                dir.resolve("items.csv"),
                "month,elevator,item,amount,model\n" + "2026-10,elevator-1-1,insurance,240.00,coefficient\n");
        assertThat(run(args("--items", csv.toString()))).as(err::toString).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).startsWith("# month=2026-10 elevator=elevator-1-1 unit=1-1 total=240.00");

        Path bad = Files.writeString(
                dir.resolve("bad.csv"),
                "month,elevator,item,amount,model\n" + "2026-13,elevator-1-1,insurance,240.001,by-mood\n");
        assertThat(run(args("--items", bad.toString()))).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString())
                .contains(bad + ":2: month: expected YYYY-MM, found '2026-13'")
                .contains(bad + ":2: amount: expected yuan")
                .contains(bad + ":2: model: expected coefficient, rides, floors or hybrid, found 'by-mood'");
    }
}
