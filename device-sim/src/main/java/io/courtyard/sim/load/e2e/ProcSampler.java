package io.courtyard.sim.load.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * CPU time, resident memory and bytes written to storage of another process, read from {@code
 * /proc/<pid>/stat}, {@code /proc/<pid>/status} and {@code /proc/<pid>/io} once a second on a
 * thread of its own: the gateway as the kernel accounts it, GC and JIT included, nothing of the
 * simulator. Each thread's share is read apart from {@code /proc/<pid>/task/<tid>/stat} and summed
 * by thread group (the name without its number: {@code netty-io-3} counts as {@code netty-io}):
 * where the gateway's CPU goes, and the JIT compiler threads' part of it, which in a run of a
 * minute or two is a large part that a gateway running for days no longer pays.
 */
final class ProcSampler implements AutoCloseable {
    /** Linux exports CPU times to user space in USER_HZ, 100 on every architecture we ship for. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    /**
     * One reading: when, the process's CPU time so far, its threads' CPU time so far by group (see
     * {@link #group}), its resident set, the bytes it has caused to be written to storage ({@code
     * write_bytes}: what reaches the disk, page cache write-back included; -1 where unreadable).
     */
    record Sample(long nanos, long cpuNanos, Map<String, Long> threadNanos, long rssBytes, long writeBytes) {
        /** Bytes written to storage per second between {@code earlier} and this; -1 when either is unknown. */
        double writeBytesPerSecondSince(Sample earlier) {
            long wall = nanos - earlier.nanos;
            return wall <= 0 || writeBytes < 0 || earlier.writeBytes < 0
                    ? -1
                    : (writeBytes - earlier.writeBytes) * 1e9 / wall;
        }

        /** CPU used between {@code earlier} and this, as a share of one core. */
        double coresSince(Sample earlier) {
            long wall = nanos - earlier.nanos;
            return wall <= 0 ? 0 : (double) (cpuNanos - earlier.cpuNanos) / wall;
        }

        /** The JIT compiler threads' CPU time so far. */
        long jitNanos() {
            return threadNanos.entrySet().stream()
                    .filter(e -> isJitGroup(e.getKey()))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }

        /** The JIT compiler threads' CPU between {@code earlier} and this, as a share of one core. */
        double jitCoresSince(Sample earlier) {
            long wall = nanos - earlier.nanos;
            return wall <= 0 ? 0 : (double) (jitNanos() - earlier.jitNanos()) / wall;
        }

        /** Each thread group's CPU between {@code earlier} and this, as a share of one core, largest first. */
        List<ThreadShare> threadsSince(Sample earlier) {
            long wall = nanos - earlier.nanos;
            if (wall <= 0) {
                return List.of();
            }
            return threadNanos.entrySet().stream()
                    .map(e -> new ThreadShare(
                            e.getKey(),
                            (double) (e.getValue() - earlier.threadNanos.getOrDefault(e.getKey(), 0L)) / wall))
                    .filter(t -> t.cores() > 0)
                    .sorted(Comparator.comparingDouble(ThreadShare::cores).reversed())
                    .toList();
        }
    }

    /** One thread group's CPU over a window, as a share of one core. */
    record ThreadShare(String group, double cores) {}

    private final long pid;
    private final List<Sample> samples = new ArrayList<>();
    /** Each thread's last reading (ticks) with its group, by tid: kept after the thread ends. */
    private final Map<String, Map.Entry<String, Long>> byThread = new ConcurrentHashMap<>();

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
            Path proc = Path.of("/proc", Long.toString(pid));
            long ticks = ticks(Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII));
            Map<String, Long> threadNanos = threadNanos(proc);
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return new Sample(System.nanoTime(), ticks * NANOS_PER_TICK, threadNanos, rss, writeBytes(proc));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@code write_bytes} of {@code /proc/<pid>/io}, or -1 (a kernel without task I/O accounting). */
    private static long writeBytes(Path proc) {
        try {
            for (String line : Files.readAllLines(proc.resolve("io"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("write_bytes:")) {
                    return Long.parseLong(
                            line.substring("write_bytes:".length()).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown: reported as such
        }
        return -1;
    }

    /**
     * The threads' CPU so far, in nanoseconds, by group. HotSpot starts and ends compiler threads as the
     * queue grows and shrinks (and pools end idle threads): an ended thread's ticks vanish from
     * {@code task/}, so each thread's last reading is kept and the sums only grow (a thread's last
     * tick before it ended is lost).
     */
    private synchronized Map<String, Long> threadNanos(Path proc) {
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                    String tid = task.getFileName().toString();
                    long t = ticks(stat);
                    byThread.merge(tid, Map.entry(group(stat), t), (a, b) -> b.getValue() >= a.getValue() ? b : a);
                } catch (IOException e) {
                    // the thread ended while the directory was read: its last reading stays
                }
            }
        } catch (IOException e) {
            // the process is gone; the caller's next read of its stat says so
        }
        Map<String, Long> out = new HashMap<>();
        for (Map.Entry<String, Long> e : byThread.values()) {
            out.merge(e.getKey(), e.getValue() * NANOS_PER_TICK, Long::sum);
        }
        return Map.copyOf(out);
    }

    /**
     * A thread's group: its name (as the kernel keeps it, cut to 15 bytes) without a trailing
     * number and the dash or hash before it, e.g. {@code netty-io-3} → {@code netty-io}.
     */
    static String group(String stat) {
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String g = name.replaceFirst("[-#]?\\d+$", "");
        return g.isEmpty() ? name : g;
    }

    /** utime + stime of one {@code stat} line, in ticks. */
    static long ticks(String stat) {
        // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime: fields 14 and 15
    }

    /** Whether a thread's {@code stat} line is HotSpot's C1 or C2 compiler thread (the name cut to 15 bytes). */
    static boolean isJitCompiler(String stat) {
        return isJitGroup(group(stat));
    }

    static boolean isJitGroup(String group) {
        return group.startsWith("C1 CompilerThre") || group.startsWith("C2 CompilerThre");
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
