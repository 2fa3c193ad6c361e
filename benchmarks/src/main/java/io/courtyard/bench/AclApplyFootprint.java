package io.courtyard.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.access.AccessList;
import io.courtyard.access.AccessSnapshot;
import io.courtyard.access.SiteLayout;
import io.courtyard.acl.AclMetrics;
import io.courtyard.acl.AclUpdater;
import io.courtyard.acl.Keys;
import io.courtyard.acl.SignedBundle;
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.store.Database;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the {@link AccessBenchData} list, signed as {@code acl sign} writes it, is applied within
 * the service's heap: the first snapshot, then a second one replacing it (both snapshots alive
 * while it is swapped in), through {@link AclUpdater#apply} as the sync applies a message. Prints
 * the bundle's size, each apply's time and the highest used heap a 2 ms sampler saw.
 *
 * <p>Run: {@code java -Xmx256m -cp benchmarks/target/courtyard-benchmarks.jar
 * io.courtyard.bench.AclApplyFootprint}.
 */
public final class AclApplyFootprint {
    private AclApplyFootprint() {}

    @SuppressForbidden
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("courtyard-apply");
        KeyPair keys = Keys.generate();
        SiteLayout site = SiteLayout.of(AccessBenchData.config());
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        Database db = new Database(dir, Synchronous.NORMAL);
        db.start();
        try (Connection conn = db.connect()) {
            Target target = new Target(site);
            AclUpdater updater = new AclUpdater(
                    "bench-court",
                    keys.getPublic(),
                    conn,
                    target,
                    d -> CompletableFuture.completedFuture(null),
                    AclMetrics.detached(),
                    Clock.systemUTC());
            sampler.start();
            for (int version = 1; version <= 2; version++) {
                ObjectNode p = AccessBenchData.payload().put("version", version);
                byte[] bundle = SignedBundle.sign(p, keys.getPrivate(), null);
                p = null; // the tree is the platform's, not the gateway's
                System.gc();
                long t0 = System.nanoTime();
                AclUpdater.Result r = updater.apply(bundle, "bench");
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf(
                        Locale.ROOT,
                        "v%d: %.1f MB bundle, %s in %d ms (%s)%n",
                        version,
                        bundle.length / 1e6,
                        r.outcome(),
                        ms,
                        r.detail() == null ? target.current().counts() : r.detail());
            }
            sampler.interrupt();
            System.gc();
            System.out.printf(
                    Locale.ROOT,
                    "heap: max %d MB, highest used seen %.1f MB, used after GC %.1f MB%n",
                    Runtime.getRuntime().maxMemory() >> 20,
                    peak.get() / 1e6,
                    mem.getHeapMemoryUsage().getUsed() / 1e6);
        } finally {
            db.stop();
            JournalAppendBenchmark.deleteTree(dir);
        }
    }

    /** The updater's target without an engine: the list in force, indexed for this site. */
    private static final class Target implements AclUpdater.Target {
        private final SiteLayout site;
        private AccessSnapshot current;

        Target(SiteLayout site) {
            this.site = site;
            this.current = AccessSnapshot.build(AccessList.EMPTY, site);
        }

        @Override
        public AccessList current() {
            return current.list();
        }

        @Override
        public AccessSnapshot prepare(AccessList list) {
            return AccessSnapshot.build(list, site);
        }

        @Override
        public void install(AccessSnapshot snapshot) {
            current = snapshot;
        }
    }
}
