package io.courtyard.sim.load;

import io.courtyard.access.AccessList;
import io.courtyard.config.GatewayConfig;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.device.osdp.Scbk;
import io.courtyard.device.osdp.bus.BusMetrics;
import io.courtyard.sim.osdp.EmulatedPd;
import io.courtyard.sim.osdp.OsdpSim;
import io.courtyard.sim.osdp.PdProfile;
import io.courtyard.sim.osdp.SerialServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The OSDP load run: {@code buses} serial servers with {@code devices} reader PDs each, every reader
 * a gate, polled over loopback TCP by the gateway's real bus poller, decided by its real access
 * service (an in-memory list, a SQLite journal in a temporary directory) and actuated by its real
 * gate drivers; simulator and gateway share this JVM but not their event loops.
 *
 * <p>Three phases: warm-up (PDs come online; cards at the planned rate warm the JIT up), an idle
 * window (nothing but polling: the poller's CPU), and a card window (cards on random PDs, most of
 * them residents': card-to-OUT latency, exact, and CPU with decisions). With {@code flood} > 0 a
 * fourth window repeats the card window while {@link CameraFlood} holds that many hostile
 * connections on the gateway's camera listener: the latency ratio flooded/quiet is the figure.
 */
public final class OsdpLoad {
    /** What a run is asked to do. */
    public record Plan(
            int buses,
            int devices,
            Duration pollInterval,
            boolean secure,
            int gatewayThreads,
            Duration warmUp,
            Duration idle,
            Duration cards,
            int cardsPerSecond,
            int residents,
            double strangerShare,
            int flood) {}

    /** The gateway's own threads: poller and drivers on the event loops, and the decisions' journal. */
    static final String[] GATEWAY_THREADS = {"netty-io-", "journal-writer", "projection-access-state", "device-drivers"
    };

    private static final String KEY = "8F2D61C05BE74A1399E0D3B4A5C6F718";

    private final Plan plan;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    public OsdpLoad(Plan plan) {
        this.plan = plan;
    }

    public LoadReport run() throws Exception {
        Path state = Files.createTempDirectory("courtyard-osdp-load");
        try (OsdpSim sim = new OsdpSim(Math.max(1, Runtime.getRuntime().availableProcessors()))) {
            GatewayConfig config = LoadSite.config(state, serve(sim), plan, KEY);
            AccessList list = LoadSite.accessList(config, plan.residents());
            LatencyProbe probe = new LatencyProbe();
            try (LoadGateway gateway = new LoadGateway(config, list, plan.gatewayThreads(), probe, registry)) {
                presentCards(sim, plan.warmUp());
                int online = online();
                CpuClock idleCpu = CpuClock.start(GATEWAY_THREADS);
                Counts idleStart = counts();
                presentCards(sim, plan.idle(), 0);
                Phase idle = new Phase(idleCpu.read(), counts().minus(idleStart));

                LatencyProbe.Samples samples = new LatencyProbe.Samples();
                probe.record(samples);
                CpuClock cardCpu = CpuClock.start(GATEWAY_THREADS);
                Counts cardStart = counts();
                int presented = presentCards(sim, plan.cards());
                // The last cards' OUTs are a poll or two behind.
                LockSupport.parkNanos(plan.pollInterval().toNanos() * 4);
                probe.record(null);
                Phase cards = new Phase(cardCpu.read(), counts().minus(cardStart));
                LoadReport report = new LoadReport(
                        plan,
                        online,
                        plan.buses() * plan.devices(),
                        idle,
                        cards,
                        presented,
                        samples.sorted(),
                        registry);
                if (plan.flood() > 0) {
                    flooded(sim, gateway, probe, report, samples.sorted());
                }
                return report;
            }
        } finally {
            delete(state);
        }
    }

    /** The card window again under a flood of the camera port; reported against the quiet one. */
    private void flooded(OsdpSim sim, LoadGateway gateway, LatencyProbe probe, LoadReport report, long[] quiet)
            throws Exception {
        try (CameraFlood flood =
                CameraFlood.start(new InetSocketAddress("127.0.0.1", gateway.cameraPort()), plan.flood())) {
            // Let the crowd build up (connections open, slowloris requests pile up to the limits).
            presentCards(sim, Duration.ofSeconds(5));
            LatencyProbe.Samples samples = new LatencyProbe.Samples();
            probe.record(samples);
            CpuClock cpu = CpuClock.start(GATEWAY_THREADS);
            CpuClock listener = CpuClock.start("netty-cameras");
            CpuClock crowd = CpuClock.start("camera-flood");
            Counts start = counts();
            long t0 = System.nanoTime();
            presentCards(sim, plan.cards());
            LockSupport.parkNanos(plan.pollInterval().toNanos() * 4);
            probe.record(null);
            report.flooded(
                    plan.flood(),
                    new Phase(cpu.read(), counts().minus(start)),
                    quiet,
                    samples.sorted(),
                    flood.summary((System.nanoTime() - t0) / 1e9)
                            + String.format(
                                    Locale.ROOT,
                                    "; CPU: the camera listener's threads %.1f%% of one core, the flood's own"
                                            + " thread %.1f%% (on the gateway's cores here, not on a real box)",
                                    100 * listener.read().threadsShare(),
                                    100 * crowd.read().threadsShare()),
                    registry,
                    LoadAverage.now());
        }
    }

    /** One measured window: CPU, and the poller's counters over it. */
    record Phase(CpuClock.Reading cpu, Counts counts) {}

    private List<LoadSite.Bus> serve(OsdpSim sim) {
        List<LoadSite.Bus> served = new ArrayList<>();
        for (String id : LoadSite.busIds(plan.buses())) {
            EmulatedPd[] pds = new EmulatedPd[plan.devices()];
            for (int d = 0; d < plan.devices(); d++) {
                int address = d + 1;
                PdProfile profile = PdProfile.reader().withSerial(served.size() * 1000L + address);
                pds[d] = new EmulatedPd(address, plan.secure() ? profile.withScbk(Scbk.fromHex(KEY)) : profile);
            }
            SerialServer server = sim.bus(id, 0, pds);
            served.add(new LoadSite.Bus(id, server.port(), plan.devices()));
        }
        return served;
    }

    private int presentCards(OsdpSim sim, Duration window) {
        return presentCards(sim, window, plan.cardsPerSecond());
    }

    /**
     * Waits out {@code window}, presenting cards at {@code perSecond} on random PDs meanwhile: a
     * resident's card, or a stranger's in {@code strangerShare} of cases. Returns how many.
     */
    private int presentCards(OsdpSim sim, Duration window, int perSecond) {
        long end = System.nanoTime() + window.toNanos();
        if (perSecond <= 0) {
            for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
            return 0;
        }
        List<String> buses = LoadSite.busIds(plan.buses());
        long every = TimeUnit.SECONDS.toNanos(1) / perSecond;
        int n = 0;
        for (long next = System.nanoTime(); end - next > 0; next += every) {
            for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            ThreadLocalRandom r = ThreadLocalRandom.current();
            boolean stranger = r.nextDouble() < plan.strangerShare();
            sim.presentCard(
                    buses.get(r.nextInt(buses.size())),
                    1 + r.nextInt(plan.devices()),
                    WiegandFormat.H10301,
                    stranger ? LoadSite.STRANGER_FACILITY : LoadSite.FACILITY,
                    1 + r.nextInt(plan.residents()));
            n++;
        }
        return n;
    }

    private int online() {
        return (int) registry.find(BusMetrics.ONLINE).gauges().stream()
                .mapToDouble(g -> g.value())
                .sum();
    }

    private Counts counts() {
        return new Counts(sum(BusMetrics.POLLS), sum(BusMetrics.REPLIES), sum(BusMetrics.TIMEOUTS), System.nanoTime());
    }

    private double sum(String counter) {
        return registry.find(counter).counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Poller counters at one moment; the difference of two is a window's work. */
    record Counts(double polls, double replies, double timeouts, long nanos) {
        Counts minus(Counts o) {
            return new Counts(polls - o.polls, replies - o.replies, timeouts - o.timeouts, nanos - o.nanos);
        }

        double seconds() {
            return nanos / 1e9;
        }
    }
}
