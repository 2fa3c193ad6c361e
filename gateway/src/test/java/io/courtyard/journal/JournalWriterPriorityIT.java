package io.courtyard.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.courtyard.config.JournalConfig;
import io.courtyard.config.JournalConfig.RealtimeWriter;
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.runtime.Realtime;
import io.courtyard.store.Database;
import io.courtyard.testsupport.SystemdUnit;
import io.courtyard.testsupport.ThreadSched;
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
 * compiler threads at 0 and everything else where it was; with real-time scheduling taken, the
 * writer and no other thread under SCHED_FIFO 1: read from /proc, as the kernel sees it. Needs the
 * right to lower a nice value (root, as CI runs, or the unit's LimitNICE=-5), and root for the
 * real-time probe.
 */
@Timeout(60)
class JournalWriterPriorityIT {
    @TempDir
    Path dir;

    @Test
    void theUnitsOptionsRunTheWriterAtNiceMinusFive() throws Exception {
        assumeTrue(mayLowerNiceTo(-5), "needs root or RLIMIT_NICE allowing nice -5");
        Process p = startProbe(RealtimeWriter.AUTO); // without RLIMIT_RTPRIO: not real-time
        try {
            Map<String, ThreadSched> sched = schedByThread(p.pid());

            assertThat(sched.get("journal-writer-")).isEqualTo(new ThreadSched(-5, 0, 0)); // comm keeps 15 characters
            assertThat(sched.get("java")).isEqualTo(new ThreadSched(0, 0, 0)); // the main thread
            assertThat(sched.get("journal-checkpo")).isEqualTo(new ThreadSched(0, 0, 0));
            assertThat(sched.entrySet())
                    .filteredOn(e -> e.getKey().startsWith("C2 CompilerThre")
                            || e.getKey().startsWith("C1 CompilerThre"))
                    .isNotEmpty()
                    .allSatisfy(
                            e -> assertThat(e.getValue().nice()).as(e.getKey()).isZero());
            assertThat(sched.values())
                    .as("no thread real-time without RLIMIT_RTPRIO")
                    .allSatisfy(s -> assertThat(s.policy()).isZero());
        } finally {
            stop(p);
        }
    }

    @Test
    void realtimeWriterOnPutsTheWriterAloneUnderFifo() throws Exception {
        // The unit grants it with LimitRTPRIO=1; raising a child's limit takes CAP_SYS_RESOURCE, which
        // CI's sandbox lacks, so this probe asks with journal.realtimeWriter: on and root's CAP_SYS_NICE.
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (CAP_SYS_NICE)");
        Process p = startProbe(RealtimeWriter.ON);
        try {
            Map<String, ThreadSched> sched = schedByThread(p.pid());

            assertThat(sched.get("journal-writer-"))
                    .isEqualTo(new ThreadSched(-5, Realtime.PRIORITY, ThreadSched.SCHED_FIFO));
            assertThat(sched.entrySet())
                    .filteredOn(e -> !e.getKey().equals("journal-writer-"))
                    .isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getValue().policy())
                            .as(e.getKey() + " stays normally scheduled")
                            .isZero());
        } finally {
            stop(p);
        }
    }

    /** The probe under the unit's JVM options; returned once its journal started. */
    private Process startProbe(RealtimeWriter realtime) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(SystemdUnit.jvmOptions());
        command.addAll(List.of(
                "-cp", System.getProperty("java.class.path"), Probe.class.getName(), dir.toString(), realtime.name()));
        Process p = new ProcessBuilder(command)
                .redirectError(dir.resolve("probe.err").toFile())
                .start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = r.readLine();
        while (first != null && !first.equals("READY")) {
            first = r.readLine(); // the gateway's log lines
        }
        assertThat(first)
                .as(() -> "the probe's journal started; its stderr: " + readQuietly(dir.resolve("probe.err")))
                .isEqualTo("READY");
        return p;
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    /** Thread name ({@code comm}) to its scheduling. */
    private static Map<String, ThreadSched> schedByThread(long pid) throws IOException {
        Map<String, ThreadSched> sched = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                String comm = Files.readString(t.resolve("comm")).strip();
                sched.put(comm, ThreadSched.read(t.resolve("stat")));
            }
        }
        return sched;
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

    /** A journal in {@code args[0]} with {@code realtimeWriter} {@code args[1]}, started, then idle until killed. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            Database db = new Database(Path.of(args[0]), Synchronous.FULL);
            db.start();
            Journal journal = new Journal(
                    db,
                    "priority",
                    new JournalConfig(
                            Synchronous.FULL,
                            500,
                            Duration.ofMillis(5),
                            Duration.ofMillis(5),
                            1L << 30,
                            Duration.ofDays(90),
                            RealtimeWriter.valueOf(args[1])),
                    new SimpleMeterRegistry());
            journal.start();
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
