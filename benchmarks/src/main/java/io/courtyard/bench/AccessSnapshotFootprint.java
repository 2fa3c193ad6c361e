package io.courtyard.bench;

import io.courtyard.access.AccessEngine;
import io.courtyard.access.AccessRequest;
import io.courtyard.access.AccessSnapshot;
import io.courtyard.access.AccessState;
import io.courtyard.access.Decision;
import io.courtyard.access.Reason;
import io.courtyard.access.SiteLayout;
import io.courtyard.store.Database;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.openjdk.jol.info.GraphLayout;

/**
 * What the {@link AccessBenchData} list costs outside the decision path: the time to load and
 * index it from SQLite (the first load cold, as at startup, then the median of several warm loads), and the heap
 * its snapshot holds, measured two ways — JOL walking the object graph from the snapshot (exact,
 * shared site layout included), and the used heap after full GCs before and after loading
 * (MemoryMXBean; an estimate that also catches anything JOL might miss).
 *
 * <p>Run: {@code java -Xmx512m -Djdk.attach.allowAttachSelf=true -Djol.magicFieldOffset=true -cp
 * benchmarks/target/courtyard-benchmarks.jar io.courtyard.bench.AccessSnapshotFootprint} (the two
 * properties let JOL size records on JDK 17).
 */
public final class AccessSnapshotFootprint {
    private AccessSnapshotFootprint() {}

    @SuppressForbidden
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("courtyard-footprint");
        Database db = AccessBenchData.store(dir);
        try {
            SiteLayout site = SiteLayout.of(AccessBenchData.config());
            // The first load runs cold (class loading, interpreter), as at a gateway's startup.
            long c0 = System.nanoTime();
            AccessBenchData.load(db, site);
            long coldMs = (System.nanoTime() - c0) / 1_000_000;
            long[] ms = new long[5];
            for (int i = 0; i < ms.length; i++) {
                long t0 = System.nanoTime();
                AccessBenchData.load(db, site);
                ms[i] = (System.nanoTime() - t0) / 1_000_000;
            }
            Arrays.sort(ms);
            long dbBytes = Files.size(dir.resolve("courtyard.db")) + walSize(dir);

            MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
            long before = usedAfterGc(mem);
            AccessSnapshot snapshot = AccessBenchData.load(db, site);
            long after = usedAfterGc(mem);
            long jol = GraphLayout.parseInstance(snapshot).totalSize();
            long jolSite = GraphLayout.parseInstance(site).totalSize();

            AccessEngine engine = new AccessEngine(snapshot, new AccessState());
            Map<Reason, Integer> mix = new EnumMap<>(Reason.class);
            for (AccessRequest r : AccessBenchData.requests(100_000, 42)) {
                Decision d = engine.decide(r);
                mix.merge(d.reason(), 1, Integer::sum);
            }

            System.out.printf(Locale.ROOT, "list: %s%n", snapshot.list().counts());
            System.out.printf(Locale.ROOT, "sqlite file: %.1f MB%n", dbBytes / 1e6);
            System.out.printf(Locale.ROOT, "load from SQLite + index, first (cold JVM): %d ms%n", coldMs);
            System.out.printf(
                    Locale.ROOT,
                    "load from SQLite + index, warm: median %d ms (min %d, max %d, of %d)%n",
                    ms[ms.length / 2],
                    ms[0],
                    ms[ms.length - 1],
                    ms.length);
            System.out.printf(
                    Locale.ROOT,
                    "snapshot heap (JOL graph): %.1f MB (of which site layout %.1f MB)%n",
                    jol / 1048576.0,
                    jolSite / 1048576.0);
            System.out.printf(
                    Locale.ROOT, "snapshot heap (used after GC, delta): %.1f MB%n", (after - before) / 1048576.0);
            System.out.printf(Locale.ROOT, "decision mix of the benchmark's requests (first 100,000): %s%n", mix);
            // Keep the snapshot reachable until after the second measurement.
            if (snapshot.version() != 1) {
                throw new IllegalStateException("unexpected version " + snapshot.version());
            }
        } finally {
            db.stop();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long walSize(Path dir) throws java.io.IOException {
        Path wal = dir.resolve("courtyard.db-wal");
        return Files.exists(wal) ? Files.size(wal) : 0;
    }

    private static long usedAfterGc(MemoryMXBean mem) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }
}
