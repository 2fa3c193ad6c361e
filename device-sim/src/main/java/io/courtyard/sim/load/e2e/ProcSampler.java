package io.courtyard.sim.load.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * CPU time and resident memory of another process, read from {@code /proc/<pid>/stat} and
 * {@code /proc/<pid>/status} once a second on a thread of its own: the gateway as the kernel
 * accounts it, GC and JIT included, nothing of the simulator.
 */
final class ProcSampler implements AutoCloseable {
    /** Linux exports CPU times to user space in USER_HZ, 100 on every architecture we ship for. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    /** One reading: when, the process's CPU time so far, its resident set. */
    record Sample(long nanos, long cpuNanos, long rssBytes) {
        /** CPU used between {@code earlier} and this, as a share of one core. */
        double coresSince(Sample earlier) {
            long wall = nanos - earlier.nanos;
            return wall <= 0 ? 0 : (double) (cpuNanos - earlier.cpuNanos) / wall;
        }
    }

    private final long pid;
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer;

    ProcSampler(long pid) {
        this.pid = pid;
        timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                io.courtyard.runtime.Threads.named("load-proc-sampler", true));
        timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        Sample s = read();
        if (s != null) {
            synchronized (samples) {
                samples.add(s);
            }
        }
    }

    /** Now, or null once the process is gone. */
    Sample read() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime: fields 14 and 15
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return new Sample(System.nanoTime(), ticks * NANOS_PER_TICK, rss);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Every sample so far. */
    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** The largest resident set sampled in [from, to] (nanoTime), or 0. */
    long maxRss(long from, long to) {
        return samples().stream()
                .filter(s -> s.nanos >= from && s.nanos <= to)
                .mapToLong(Sample::rssBytes)
                .max()
                .orElse(0);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
