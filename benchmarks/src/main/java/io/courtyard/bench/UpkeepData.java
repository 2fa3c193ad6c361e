package io.courtyard.bench;

import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import io.courtyard.config.JournalConfig;
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.faults.FaultProjection;
import io.courtyard.faults.FaultTypes;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventSource;
import io.courtyard.journal.Journal;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.JournalProjector;
import io.courtyard.journal.event.AccessDecided;
import io.courtyard.journal.event.DeviceOffline;
import io.courtyard.journal.event.DeviceOnline;
import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.RideRecorded;
import io.courtyard.store.Database;
import io.courtyard.usage.UsageProjection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A state database for the upkeep benchmarks, built through the real journal and projections: a
 * month of rides on one elevator, faults raised and cleared on many devices, projected by the real
 * usage and fault projections on their own cursors (the catch-up rate is printed).
 */
final class UpkeepData implements AutoCloseable {
    static final Instant OCTOBER = Instant.parse("2026-09-30T16:00:00Z");

    final Path dir;
    final GatewayConfig config;
    final Database db;
    final Journal journal;
    private final EventSource usageCursor;
    private final EventSource faultCursor;
    private final JournalProjector usage;
    private final JournalProjector faults;

    private final boolean keep;

    UpkeepData(Path configFile) throws Exception {
        this(configFile, Files.createTempDirectory("courtyard-upkeep-bench"), false);
    }

    /** A database in {@code dir}, kept after close (when built once, reused by every benchmark fork). */
    UpkeepData(Path configFile, Path dir, boolean keep) throws Exception {
        this.dir = Files.createDirectories(dir);
        this.keep = keep;
        config = ConfigLoader.load(configFile).withStateDir(dir);
        db = new Database(dir, Synchronous.NORMAL);
        db.start();
        journal = new Journal(
                db,
                "bench",
                new JournalConfig(Synchronous.NORMAL, 2000, Duration.ofMillis(5), 8L << 30, Duration.ofDays(3650)),
                new SimpleMeterRegistry());
        usageCursor = journal.source(UsageProjection.SINK);
        faultCursor = journal.source(FaultProjection.SINK);
        journal.start();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        usage = new JournalProjector(
                usageCursor,
                db,
                new UsageProjection(config.site().timeZone()),
                JournalProjector.Policy.DEFAULT,
                registry);
        faults = new JournalProjector(
                faultCursor,
                db,
                new FaultProjection(
                        new FaultTypes(config.faults(), config.devices()),
                        config.site().timeZone()),
                JournalProjector.Policy.DEFAULT,
                registry);
    }

    /** {@code n} rides on elevator-1-1 spread over October, by its 12 households, to floors 2–7. */
    void rides(int n) throws Exception {
        Random rnd = new Random(1);
        long span = Duration.ofDays(31).toMillis();
        append(
                n,
                i -> {
                    int floor = 2 + rnd.nextInt(6);
                    String household = "1-1-" + floor + "0" + (1 + rnd.nextInt(2));
                    return new RideRecorded(
                            "elevator-1-1",
                            "1",
                            "1",
                            "card",
                            null,
                            null,
                            null,
                            "resident",
                            household,
                            1,
                            false,
                            floor,
                            null,
                            OCTOBER,
                            "granted",
                            1);
                },
                i -> OCTOBER.plusMillis(i * span / n),
                i -> "elevator-1-1");
    }

    /** {@code n} faults: device-offline raised and cleared on 200 devices, each raise hours after the last clear. */
    void faults(int n) throws Exception {
        append(
                2 * n,
                i -> i % 2 == 0
                        ? new DeviceOffline("bus", 1, "no reply")
                        : new DeviceOnline("bus", 1, "clear", "crc", "5c2623", 1, 1L, "1.0"),
                i -> OCTOBER.plus(Duration.ofMinutes(10L * (i / 400) + (i % 2) * 5)),
                i -> "pd-" + (i / 2) % 200);
    }

    /** A mixed stream for the projection rate: rides, decisions, and some faults. */
    void mixed(int n) throws Exception {
        append(
                n,
                i -> switch ((int) (i % 20)) {
                    case 0 -> new DeviceOffline("bus", 1, "no reply");
                    case 1 -> new DeviceOnline("bus", 1, "clear", "crc", "5c2623", 1, 1L, "1.0");
                    case 2, 3, 4 -> new AccessDecided(
                            AccessDecided.Decision.GRANT,
                            "granted",
                            null,
                            "card",
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            1,
                            null,
                            null);
                    default -> new RideRecorded(
                            "elevator-3-1",
                            "3",
                            "1",
                            "card",
                            null,
                            null,
                            null,
                            "resident",
                            "3-1-" + (2 + i % 6) + "01",
                            1,
                            false,
                            (int) (2 + i % 6),
                            null,
                            OCTOBER,
                            "granted",
                            1);
                },
                i -> OCTOBER.plusSeconds(i),
                i -> i % 20 < 2 ? "pd-mixed-" + (i % 37) : "elevator-3-1");
    }

    private void append(
            long n,
            java.util.function.LongFunction<Event> event,
            java.util.function.LongFunction<Instant> at,
            java.util.function.LongFunction<String> device)
            throws Exception {
        Semaphore inFlight = new Semaphore(20_000);
        CompletableFuture<JournalEvent> last = null;
        for (long i = 0; i < n; i++) {
            inFlight.acquire();
            Instant t = at.apply(i);
            last = journal.append(new EventDraft(device.apply(i), t, t, event.apply(i)));
            last.whenComplete((e, x) -> inFlight.release());
        }
        if (last != null) {
            last.get(120, TimeUnit.SECONDS);
        }
    }

    /** Runs both projections until they have caught up; returns events per second of the slower. */
    @SuppressForbidden
    double project() throws Exception {
        long pending = Math.max(usageCursor.pending(), faultCursor.pending());
        long t0 = System.nanoTime();
        usage.start();
        faults.start();
        while (usageCursor.pending() > 0 || faultCursor.pending() > 0) {
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        usage.stop();
        faults.stop();
        double rate = pending / seconds;
        System.out.printf(
                Locale.ROOT,
                "%nprojected %d events (usage and faults, each on its cursor) in %.1f s: %.0f events/s%n",
                pending,
                seconds,
                rate);
        return rate;
    }

    @Override
    public void close() throws Exception {
        journal.stop();
        db.stop();
        if (keep) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
