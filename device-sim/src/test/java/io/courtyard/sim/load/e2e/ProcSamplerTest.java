package io.courtyard.sim.load.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcSamplerTest {
    @Test
    void readsUserAndSystemTicksAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (C2 CompilerThre) S 1 4242 4242 0 -1 4194368 0 0 0 0 17 1203 0 0 20 0 61 0 5 0 0";
        assertThat(ProcSampler.ticks(stat)).isEqualTo(17 + 1203);
        assertThat(ProcSampler.isJitCompiler(stat)).isTrue();

        String odd = "7 (a) b (c)) R 1 7 7 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 5 0 0";
        assertThat(ProcSampler.ticks(odd)).isEqualTo(11);
        assertThat(ProcSampler.isJitCompiler(odd)).isFalse();
        assertThat(ProcSampler.isJitCompiler("9 (C1 CompilerThre) S 1 9 9 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 5 0 0"))
                .isTrue();
        assertThat(ProcSampler.isJitCompiler("9 (netty-io-1) S 1 9 9 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 5 0 0"))
                .isFalse();
    }

    @Test
    void thisJvmsCompilerThreadsArePartOfItsCpuTime() throws Exception {
        long sum = 0;
        for (int i = 0; i < 2_000_000; i++) {
            sum += Integer.toString(i).hashCode(); // something for the JIT to compile
        }
        try (ProcSampler sampler = new ProcSampler(ProcessHandle.current().pid())) {
            Thread busy = new Thread(
                    () -> {
                        long end = System.nanoTime() + 300_000_000L;
                        while (System.nanoTime() < end) {
                            Thread.onSpinWait();
                        }
                    },
                    "probe-busy-1");
            busy.start();
            Thread.sleep(200);
            sampler.read(); // seen while it runs (the sampler's own first reading may have missed it)
            busy.join();
            ProcSampler.Sample s = sampler.read();
            assertThat(s).isNotNull();
            assertThat(s.jitNanos()).as("this JVM has compiled (sum %d)", sum).isPositive();
            assertThat(s.jitNanos()).isLessThanOrEqualTo(s.cpuNanos());
            assertThat(s.rssBytes()).isPositive();
            assertThat(s.writeBytes())
                    .as("/proc/<pid>/io is readable for one's own process")
                    .isNotNegative();
            assertThat(s.threadNanos().get("probe-busy"))
                    .as("a thread's time, by its group, kept after it ended")
                    .isPositive();
            assertThat(s.threadNanos().values().stream()
                            .mapToLong(Long::longValue)
                            .sum())
                    .as("the threads' sum is the process's time, give or take the ticks of ended threads")
                    .isLessThanOrEqualTo(s.cpuNanos() + 100 * 10_000_000L);
        }
    }

    @Test
    void threadsAreGroupedByNameWithoutTheirNumber() {
        assertThat(ProcSampler.group("9 (netty-io-3) S 1")).isEqualTo("netty-io");
        assertThat(ProcSampler.group("9 (C2 CompilerThre) S 1")).isEqualTo("C2 CompilerThre");
        assertThat(ProcSampler.group("9 (journal-writer-) S 1")).isEqualTo("journal-writer-");
        assertThat(ProcSampler.group("9 (pool-1-thread-12) S 1")).isEqualTo("pool-1-thread");
        assertThat(ProcSampler.group("9 (Thread#7) S 1")).isEqualTo("Thread");
        assertThat(ProcSampler.group("9 (42) S 1"))
                .as("a name that is only a number stays")
                .isEqualTo("42");
    }

    @Test
    void aWindowsSharesAreEachGroupsTimeOverTheWallClockLargestFirst() {
        ProcSampler.Sample before = new ProcSampler.Sample(
                1_000_000_000L, 0, Map.of("netty-io", 100_000_000L, "C2 CompilerThre", 0L, "idle", 5L), 1, 4096);
        ProcSampler.Sample after = new ProcSampler.Sample(
                3_000_000_000L,
                1_400_000_000L,
                Map.of("netty-io", 1_100_000_000L, "C2 CompilerThre", 400_000_000L, "idle", 5L, "born", 20_000_000L),
                1,
                4096 + 6_000_000);

        assertThat(after.threadsSince(before))
                .containsExactly(
                        new ProcSampler.ThreadShare("netty-io", 0.5),
                        new ProcSampler.ThreadShare("C2 CompilerThre", 0.2),
                        new ProcSampler.ThreadShare("born", 0.01));
        assertThat(after.jitCoresSince(before)).isEqualTo(0.2);
        assertThat(after.coresSince(before)).isEqualTo(0.7);
        assertThat(after.writeBytesPerSecondSince(before)).isEqualTo(3_000_000);
        ProcSampler.Sample unknown = new ProcSampler.Sample(4_000_000_000L, 0, Map.of(), 1, -1);
        assertThat(unknown.writeBytesPerSecondSince(after))
                .as("no /proc/<pid>/io")
                .isEqualTo(-1);
    }
}
