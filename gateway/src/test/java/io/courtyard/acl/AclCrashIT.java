package io.courtyard.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.courtyard.access.AccessList;
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.store.Database;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash mid-apply leaves the old list: a process applying large snapshots is killed with
 * SIGKILL at random moments; each time the store must hold exactly one whole version, at least
 * the last one the probe saw committed, and a sound database.
 */
@Timeout(240)
class AclCrashIT {
    private static final int ROUNDS = 6;

    @TempDir
    Path dir;

    @Test
    void killNineMidApplyLeavesOneWholeVersion() throws Exception {
        long committed = 0;
        int killedMidApply = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Process p = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx256m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            AclCrashProbe.class.getName(),
                            dir.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            // Kill after a random number of begun applies: some right inside a transaction.
            int killAtBegin = ThreadLocalRandom.current().nextInt(2, 5);
            long delayMicros = ThreadLocalRandom.current().nextLong(0, 300_000);
            boolean inFlight = false;
            int begins = 0;
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("APPLIED ")) {
                        committed = Math.max(committed, Long.parseLong(line.substring(8)));
                        inFlight = false;
                    } else if (line.startsWith("BEGIN ")) {
                        inFlight = true;
                        if (++begins == killAtBegin) {
                            TimeUnit.MICROSECONDS.sleep(delayMicros);
                            p.destroyForcibly();
                            break;
                        }
                    }
                }
            }
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "probe did not die");
            killedMidApply += inFlight ? 1 : 0;

            Database db = new Database(dir, Synchronous.FULL);
            db.start();
            try (Connection c = db.connect()) {
                long version = AclStore.version(c);
                AccessList list = AclStore.load(c);
                assertTrue(version >= committed, "version " + version + " lost the committed " + committed);
                assertEquals(AclCrashProbe.CREDENTIALS, list.credentials().size(), "one whole list");
                String prefix = "v" + version + "-";
                assertTrue(
                        list.credentials().keySet().stream().allMatch(id -> id.startsWith(prefix)),
                        "every entry belongs to version " + version);
                committed = version;
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                    rs.next();
                    assertEquals("ok", rs.getString(1));
                }
            } finally {
                db.stop();
            }
        }
        System.out.println(
                "killed mid-apply in " + killedMidApply + " of " + ROUNDS + " rounds; last version " + committed);
    }
}
