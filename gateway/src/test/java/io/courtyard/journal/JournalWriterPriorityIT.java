package io.courtyard.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.courtyard.config.JournalConfig;
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.store.Database;
import io.courtyard.testsupport.SystemdUnit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM started with the systemd unit's options runs the journal writer at nice -5, the JVM's
 * compiler threads at 0 and everything else where it was: read from /proc, as the kernel sees it.
 * Needs the right to lower a nice value (root, as CI runs, or the unit's LimitNICE=-5).
 */
@Timeout(60)
class JournalWriterPriorityIT {
    @TempDir
    Path dir;

    @Test
    void theUnitsOptionsRunTheWriterAtNiceMinusFive() throws Exception {
        assumeTrue(mayLowerNiceTo(-5), "needs root or RLIMIT_NICE allowing nice -5");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(SystemdUnit.jvmOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName(), dir.toString()));
        Process p = new ProcessBuilder(command)
                .redirectError(dir.resolve("probe.err").toFile())
                .start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = r.readLine();
            while (first != null && !first.equals("READY")) {
                first = r.readLine(); // the gateway's log lines
            }
            assertThat(first)
                    .as(() -> "the probe's journal started; its stderr: " + readQuietly(dir.resolve("probe.err")))
                    .isEqualTo("READY");
            Map<String, Integer> nice = niceByThread(p.pid());

            assertThat(nice).containsEntry("journal-writer-", -5); // comm keeps 15 characters
            assertThat(nice).containsEntry("java", 0); // the main thread
            assertThat(nice).containsEntry("journal-checkpo", 0);
            assertThat(nice.entrySet())
                    .filteredOn(e -> e.getKey().startsWith("C2 CompilerThre")
                            || e.getKey().startsWith("C1 CompilerThre"))
                    .isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).isZero());
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** Thread name ({@code comm}) to its nice value (field 19 of {@code stat}). */
    private static Map<String, Integer> niceByThread(long pid) throws IOException {
        Map<String, Integer> nice = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                String comm = Files.readString(t.resolve("comm")).strip();
                String stat = Files.readString(t.resolve("stat"));
                // Fields after the parenthesised name: state is field 3, nice field 19.
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                nice.put(comm, Integer.parseInt(f[19 - 3]));
            }
        }
        return nice;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static boolean mayLowerNiceTo(int nice) throws IOException {
        if ("root".equals(System.getProperty("user.name"))) {
            return true;
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max nice priority")) {
                String soft =
                        line.substring("Max nice priority".length()).strip().split("\\s+")[0];
                return !soft.equals("unlimited") && 20 - Integer.parseInt(soft) <= nice;
            }
        }
        return false;
    }

    /** A journal in {@code args[0]}, started, then idle until killed. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            Database db = new Database(Path.of(args[0]), Synchronous.FULL);
            db.start();
            Journal journal = new Journal(
                    db,
                    "priority",
                    new JournalConfig(Synchronous.FULL, 500, Duration.ofMillis(5), 1L << 30, Duration.ofDays(90)),
                    new SimpleMeterRegistry());
            journal.start();
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
