package io.courtyard.sim.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of a set of threads (by name prefixes) and of the whole process over a window, against
 * wall time. Per-thread figures come from {@link ThreadMXBean}; the process figure includes the
 * simulator, GC and JIT and is an upper bound.
 */
final class CpuClock {
    /** CPU used in the window, as a share of one core. */
    record Reading(Duration wall, Duration threadsCpu, int threads, Duration processCpu) {
        double threadsShare() {
            return (double) threadsCpu.toNanos() / wall.toNanos();
        }

        double processShare() {
            return (double) processCpu.toNanos() / wall.toNanos();
        }
    }

    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final String[] prefixes;
    private final Map<Long, Long> startCpu = new HashMap<>();
    private final long startWall;
    private final Duration startProcess;

    private CpuClock(String... prefixes) {
        this.prefixes = prefixes.clone();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (counted(t)) {
                startCpu.put(t.getId(), mx.getThreadCpuTime(t.getId()));
            }
        }
        startWall = System.nanoTime();
        startProcess = processCpu();
    }

    static CpuClock start(String... threadNamePrefixes) {
        return new CpuClock(threadNamePrefixes);
    }

    private boolean counted(Thread t) {
        for (String p : prefixes) {
            if (t.getName().startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    Reading read() {
        long cpu = 0;
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (counted(t)) {
                long now = mx.getThreadCpuTime(t.getId());
                cpu += now - startCpu.getOrDefault(t.getId(), 0L);
                n++;
            }
        }
        return new Reading(
                Duration.ofNanos(System.nanoTime() - startWall),
                Duration.ofNanos(cpu),
                n,
                processCpu().minus(startProcess));
    }

    private static Duration processCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }
}
