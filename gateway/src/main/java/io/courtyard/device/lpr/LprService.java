package io.courtyard.device.lpr;

import io.courtyard.access.AccessService;
import io.courtyard.config.DevicesConfig.Barrier;
import io.courtyard.device.ClockSkew;
import io.courtyard.device.lpr.isapi.BarrierGateClient;
import io.courtyard.journal.EventSink;
import io.courtyard.runtime.Service;
import io.courtyard.runtime.Threads;
import io.courtyard.store.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.HashedWheelTimer;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera room's engine: the barrier desk (decide, journal, answer), the ledger of answered reads
 * (rebuilt from the journal at start), the camera watch, picture storage and the ISAPI clients, with
 * their threads. Starts before the camera listener, stops after it.
 */
public final class LprService implements Service {
    private static final Logger log = LoggerFactory.getLogger(LprService.class);
    /** Reads remembered for idempotency: a week of a busy car park, a few MB of heap. */
    static final int LEDGER_ENTRIES = 100_000;

    static final Duration LEDGER_AGE = Duration.ofDays(7);

    private final List<Camera> cameras;
    private final Cameras identities;
    private final AccessService access;
    private final EventSink events;
    private final ClockSkew clocks;
    private final Database db;
    private final Path imageRoot;
    private final MeterRegistry registry;
    private final Clock clock;
    private final PushLedger ledger = new PushLedger(LEDGER_ENTRIES, LEDGER_AGE);
    private ScheduledExecutorService timer;
    private HashedWheelTimer deadlines;
    private ExecutorService images;
    private ExecutorService isapi;
    private BarrierDesk desk;
    private volatile BarrierOpener opener;
    /** Set at start; read by the operator listener's overview too. */
    private volatile CameraWatch watch;

    private volatile ImageStore store;
    private LprMetrics metrics;
    private volatile Displays displays;

    public LprService(
            List<Barrier> barriers,
            AccessService access,
            EventSink events,
            ClockSkew clocks,
            Database db,
            Path stateDir,
            MeterRegistry registry,
            Clock clock) {
        this.identities = new Cameras(barriers);
        this.cameras = identities.all();
        this.access = access;
        this.events = events;
        this.clocks = clocks;
        this.db = db;
        this.imageRoot = stateDir.resolve("images");
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "lpr";
    }

    @Override
    public synchronized void start() throws Exception {
        Set<String> barriers = cameras.stream().map(Camera::barrier).collect(Collectors.toSet());
        SeenPushes.Loaded loaded;
        long t0 = System.nanoTime();
        try (Connection c = db.connect()) {
            loaded = SeenPushes.load(c, barriers, ledger, LEDGER_AGE, LEDGER_ENTRIES, clock.instant());
        }
        timer = Executors.newSingleThreadScheduledExecutor(Threads.named("lpr-timer", true));
        // Answer deadlines: one per live read, nearly all cancelled by the commit a few ms later. A
        // wheel takes and cancels them in O(1) without waking a thread; 5 ms ticks against a 1 s timeout.
        deadlines = new HashedWheelTimer(Threads.named("lpr-deadlines", true), 5, TimeUnit.MILLISECONDS, 1024);
        images = new ThreadPoolExecutor(
                1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), Threads.named("lpr-images", true));
        isapi = new ThreadPoolExecutor(
                1, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), Threads.named("lpr-isapi", true));
        watch = new CameraWatch(cameras, loaded.offline(), events, clock);
        metrics = new LprMetrics(watch::offline, () -> store == null ? 0 : store.bytes());
        metrics.bindTo(registry);
        ImageStore s = new ImageStore(imageRoot, images, metrics);
        s.open(cameras);
        store = s;
        BarrierOpener o = new BarrierOpener(cameras, isapi, metrics, events, clock);
        opener = o;
        desk = new BarrierDesk(PlateDecider.of(access), events, ledger, metrics, deadlines, o, s, clock);
        displays = new Displays(deadlines, Displays.WAIT);
        timer.scheduleWithFixedDelay(watch::check, 1, 1, TimeUnit.SECONDS);
        log.info(
                "cameras: {} configured; {} recorded reads remembered from the journal in {} ms{}",
                cameras.size(),
                loaded.reads(),
                (System.nanoTime() - t0) / 1_000_000,
                loaded.offline().isEmpty() ? "" : "; reported offline before: " + loaded.offline());
    }

    /**
     * Opens {@code barrier} once for a remote command, through its camera's ISAPI barrierGate;
     * {@code key} (the command's nonce) names it in a failure's log line and event. Completes with
     * the camera's answer; null when this barrier's camera opens only in answer to a read.
     */
    public CompletableFuture<BarrierGateClient.Result> open(String barrier, String key) {
        BarrierOpener o = opener;
        Camera cam = cameras.stream()
                .filter(c -> c.barrier().equals(barrier))
                .findFirst()
                .orElse(null);
        if (o == null || cam == null || !o.opens(barrier)) {
            return null;
        }
        return o.open(cam, key);
    }

    /**
     * Sends {@code text} to {@code barrier}'s display for {@code seconds} in the answer to its
     * camera's next heartbeat, for a remote command ({@code key}: its nonce); see {@link Displays}.
     * Null when no such barrier has a camera, or before the room started.
     */
    public CompletableFuture<Displays.Shown> display(String barrier, String text, int seconds, String key) {
        Displays d = displays;
        Camera cam = cameras.stream()
                .filter(c -> c.barrier().equals(barrier))
                .findFirst()
                .orElse(null);
        return d == null || cam == null ? null : d.post(cam, text, seconds, key);
    }

    Displays displays() {
        return displays;
    }

    BarrierDesk desk() {
        return desk;
    }

    ClockSkew clocks() {
        return clocks;
    }

    CameraWatch watch() {
        return watch;
    }

    /** Each camera (by its barrier) and whether it is heard from; empty before the service started. */
    public Map<String, Boolean> cameraPresence() {
        CameraWatch w = watch;
        return w == null ? Map.of() : w.online();
    }

    LprMetrics metrics() {
        return metrics;
    }

    Cameras cameras() {
        return identities;
    }

    @Override
    public synchronized void stop() throws InterruptedException {
        if (deadlines != null) {
            deadlines.stop();
        }
        for (ExecutorService e : new ExecutorService[] {timer, images, isapi}) {
            if (e != null) {
                e.shutdownNow();
            }
        }
        for (ExecutorService e : new ExecutorService[] {timer, images, isapi}) {
            if (e != null) {
                e.awaitTermination(1, TimeUnit.SECONDS);
            }
        }
    }
}
