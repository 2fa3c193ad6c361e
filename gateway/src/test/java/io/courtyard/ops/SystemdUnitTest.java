package io.courtyard.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.courtyard.testsupport.ProjectRoot;
import io.courtyard.testsupport.SystemdUnit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped systemd unit is one that systemd accepts, and its hardening cannot quietly erode. */
class SystemdUnitTest {
    private static final Path ROOT = ProjectRoot.path();
    private static final Path UNIT = SystemdUnit.GATEWAY;
    private static final Path SYSUSERS = ROOT.resolve("systemd/courtyard.sysusers");

    @TempDir
    Path tmp;

    @Test
    void systemdAnalyzeVerifiesTheUnitWithoutWarnings() throws Exception {
        Result r = systemdAnalyze("verify", UNIT.toString());

        List<String> aboutUnit = r.lines().stream()
                .filter(l -> l.contains(UNIT.getFileName().toString()))
                .toList();
        assertEquals(0, r.exit(), () -> "systemd-analyze verify failed:\n" + r.output());
        assertTrue(aboutUnit.isEmpty(), () -> "systemd-analyze verify warns about the unit:\n" + r.output());
    }

    @Test
    void hardeningExposureStaysBelowTwo() throws Exception {
        // The unit scores 1.8 ("OK") on systemd's 0-10 exposure scale (1.7 before RestrictRealtime=no,
        // the journal writer's SCHED_FIFO); --threshold is 2.0 times 10.
        Result r = systemdAnalyze("security", "--offline=true", "--threshold=20", "--no-pager", UNIT.toString());

        assertEquals(0, r.exit(), () -> "exposure rose above 2.0 or the check failed:\n" + r.output());
    }

    @Test
    void unitRunsTheJarAsTheCourtyardUserAndRestartsOnFailure() throws IOException {
        Map<String, List<String>> unit = SystemdUnit.directives(UNIT);

        assertEquals(List.of("courtyard"), unit.get("User"));
        assertEquals(List.of("courtyard"), unit.get("StateDirectory"));
        assertEquals(List.of("0700"), unit.get("StateDirectoryMode"));
        assertEquals(List.of("courtyard"), unit.get("ConfigurationDirectory"));
        assertEquals(List.of("on-failure"), unit.get("Restart"));
        String exec = exec(unit);
        assertTrue(exec.startsWith("/usr/bin/java "), exec);
        assertTrue(exec.contains(" -XX:+ExitOnOutOfMemoryError "), exec);
        assertTrue(exec.contains(" -XX:+UseSerialGC "), exec);
        assertTrue(exec.contains(" -Xmn20m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 "), exec);
        assertTrue(exec.contains(" -XX:TrimNativeHeapInterval=5000 "), exec);
        assertTrue(exec.contains(" -Dio.netty.allocator.numDirectArenas=1 "), exec);
        // The journal writer at nice -5 and no further (JournalWriterPriorityIT).
        assertTrue(exec.contains(" -XX:ThreadPriorityPolicy=1 -XX:CompilerThreadPriority=0 "), exec);
        assertEquals(List.of("-5"), unit.get("LimitNICE"));
        // The journal writer alone under SCHED_FIFO 1, the lowest (JournalWriterPriorityIT).
        assertEquals(List.of(Integer.toString(io.courtyard.runtime.Realtime.PRIORITY)), unit.get("LimitRTPRIO"));
        assertEquals(List.of("no"), unit.get("RestrictRealtime"));
        assertTrue(unit.get("Environment").contains("MALLOC_ARENA_MAX=2"), unit.get("Environment")::toString);
        assertTrue(
                exec.endsWith(" -jar /opt/courtyard/courtyard-gateway.jar run --config /etc/courtyard/courtyard.yaml"),
                exec);
    }

    @Test
    void unitWaitsForReadyAndRestartsAGatewayWhoseWatchdogPingsStop() throws IOException {
        Map<String, List<String>> unit = SystemdUnit.directives(UNIT);

        assertEquals(List.of("notify"), unit.get("Type"), "READY=1 once every listener is open");
        assertFalse(unit.containsKey("NotifyAccess"), "main (the default): only the JVM itself may notify");
        assertEquals(List.of("30s"), unit.get("WatchdogSec"));
        assertEquals(List.of("SIGKILL"), unit.get("WatchdogSignal"));
        assertTrue(exec(unit).startsWith("/usr/bin/java "), "the JVM is the main process, no wrapper shell");
    }

    @Test
    void unitKeepsItsHardeningButLetsTheJitWork() throws IOException {
        Map<String, List<String>> unit = SystemdUnit.directives(UNIT);

        assertEquals(List.of("yes"), unit.get("NoNewPrivileges"));
        assertEquals(List.of("strict"), unit.get("ProtectSystem"));
        assertEquals(List.of("yes"), unit.get("PrivateTmp"));
        assertEquals(List.of(""), unit.get("CapabilityBoundingSet"), "no capabilities at all");
        assertEquals(List.of("@system-service"), unit.get("SystemCallFilter"));
        assertEquals(List.of("0077"), unit.get("UMask"));
        assertFalse(unit.containsKey("MemoryDenyWriteExecute"), "the JIT needs writable+executable memory");
    }

    @Test
    void sysusersDeclaresTheServiceUser() throws IOException {
        boolean declared = Files.readAllLines(SYSUSERS, StandardCharsets.UTF_8).stream()
                .anyMatch(l -> l.matches("u\\s+courtyard\\s+.*"));

        assertTrue(declared, "systemd/courtyard.sysusers must declare the user 'courtyard'");
    }

    private record Result(int exit, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }

    private Result systemdAnalyze(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("systemd-analyze"));
        command.addAll(List.of(args));
        Path out = tmp.resolve("systemd-analyze.out");
        Process p;
        try {
            p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
        } catch (IOException e) {
            return fail("systemd-analyze is not installed; run scripts/install-deps test (" + e.getMessage() + ")");
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("systemd-analyze " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private static String exec(Map<String, List<String>> unit) {
        return single(unit, "ExecStart");
    }

    private static String single(Map<String, List<String>> unit, String key) {
        List<String> values = unit.getOrDefault(key, List.of());
        assertEquals(1, values.size(), () -> key + " should appear once, found " + values);
        return values.get(0);
    }
}
