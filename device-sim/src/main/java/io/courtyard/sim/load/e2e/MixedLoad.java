package io.courtyard.sim.load.e2e;

import io.courtyard.acl.Keys;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The mixed end-to-end load run: mosquitto as the platform's broker, the gateway as its own
 * process on the run's configuration, and in this JVM the compound's devices (gate readers,
 * cameras, monitors) and the platform's subscriber. After a warm-up, device events are dealt in
 * the mix's proportion at the planned rate (or as fast as the devices' windows allow) for the
 * measured window, with the broker stopped and restarted inside it if asked; then the run waits
 * until everything journaled has reached the subscriber, stops the gateway and checks the
 * subscriber's ledger against the journal's own file.
 */
public final class MixedLoad {
    /** How long the backlog of an outage, or the tail at the end, may take to reach the subscriber. */
    private static final Duration DRAIN_LIMIT = Duration.ofMinutes(3);

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final Plan plan;
    private Path kept;

    public MixedLoad(Plan plan) {
        this.plan = plan;
    }

    /**
     * Runs the plan. The run's files (configuration, gateway and broker logs, the gateway's state)
     * are removed after a run that passed and kept, for a look, after one that did not.
     */
    public MixedResult run() throws Exception {
        Path dir = Files.createTempDirectory("courtyard-load");
        MixedResult r;
        try {
            r = run(dir);
        } catch (Exception e) {
            throw new IOException("the load run failed; its files are kept in " + dir, e);
        }
        if (r.passed()) {
            delete(dir);
        } else {
            kept = dir;
        }
        return r;
    }

    /** Where the files of a run that did not pass were kept. */
    public Optional<Path> keptFiles() {
        return Optional.ofNullable(kept);
    }

    private MixedResult run(Path dir) throws Exception {
        String loadBefore = io.courtyard.sim.load.LoadAverage.now();
        KeyPair key = Keys.generate();
        try (UpstreamBroker broker = new UpstreamBroker(dir.resolve("broker"));
                CardDriver cards = new CardDriver(plan.buses(), plan.pdsPerBus(), plan.residents())) {
            broker.start();
            E2eSite.Ports ports = new E2eSite.Ports(
                    UpstreamBroker.freePort(), UpstreamBroker.freePort(), cards.ports(), cards.liftPort());
            Path config = E2eSite.writeConfig(dir, plan, ports, broker.uri(), key);
            Path list = E2eSite.writeList(dir, plan, key);
            GatewayProcess.runCommand(
                    plan.gatewayJvm(),
                    dir,
                    "acl-import",
                    "acl",
                    "import",
                    list.toString(),
                    "--config",
                    config.toString());
            JournalFile journal = new JournalFile(dir.resolve("state"));
            try (UpstreamChecker checker = new UpstreamChecker(broker.port(), E2eSite.SITE)) {
                // Subscribed before the gateway's first event: the session holds everything from then on.
                checker.connect();
                try (GatewayProcess gateway =
                                GatewayProcess.start(plan.gatewayJvm(), config, dir.resolve("gateway.log"));
                        ProcSampler sampler = new ProcSampler(gateway.pid());
                        PushDriver pushes = new PushDriver(
                                "push → answer",
                                URI.create("http://127.0.0.1:" + ports.cameras() + "/lpr/vzenith"),
                                plan.cameras(),
                                E2eSite.plates(plan),
                                true);
                        MonitorDriver monitors =
                                new MonitorDriver(ports.deviceMqtt(), plan.monitors(), plan.monitorWindow())) {
                    Optional<PushDriver> compare = plan.compare()
                            .map(u -> new PushDriver("compare", u, plan.cameras(), E2eSite.plates(plan), false));
                    try {
                        int pds = plan.buses() * plan.pdsPerBus() + 2;
                        UpstreamChecker.await(
                                () -> gateway.metric("courtyard_osdp_devices_online") >= pds, Duration.ofSeconds(60));
                        Dealer dealer = new Dealer(plan, cards, pushes, monitors, compare);
                        dealer.deal(plan.warmUp());
                        List<Latency> latencies = new ArrayList<>(
                                List.of(cards.latency(), pushes.latency(), monitors.latency(), checker.latency()));
                        compare.ifPresent(c -> latencies.add(c.latency()));
                        latencies.forEach(Latency::reset);
                        DeviceCounters before = DeviceCounters.of(cards, pushes, monitors, compare);
                        ProcSampler.Sample cpu0 = sampler.read();
                        long simCpu0 = simCpuNanos();
                        long t0 = System.nanoTime();
                        Outage outage = plan.outageAt()
                                .map(a -> new Outage(broker, checker, journal, t0, a, plan.outageFor(), DRAIN_LIMIT))
                                .orElse(null);
                        Thread outageThread = null;
                        if (outage != null) {
                            outageThread = new Thread(outage, "load-outage");
                            outageThread.setDaemon(true);
                            outageThread.start();
                        }
                        // The window a minute at a time, so that each latency's tail shows where in the run it was.
                        long behind = 0;
                        for (Duration left = plan.duration();
                                !left.isNegative() && !left.isZero();
                                left = left.minus(MINUTE)) {
                            behind += dealer.deal(left.compareTo(MINUTE) < 0 ? left : MINUTE);
                            latencies.forEach(Latency::closeSegment);
                        }
                        long t1 = System.nanoTime();
                        ProcSampler.Sample cpu1 = sampler.read();
                        long simCpu1 = simCpuNanos();
                        DeviceCounters after = DeviceCounters.of(cards, pushes, monitors, compare);
                        // Devices' last events answered (or given up on), then the tail reaches the platform.
                        UpstreamChecker.await(
                                () -> {
                                    cards.sweep();
                                    return cards.pending() + pushes.pending() + monitors.pending() == 0;
                                },
                                Duration.ofSeconds(15));
                        if (outageThread != null) {
                            outageThread.join(DRAIN_LIMIT.toMillis() + 30_000);
                        }
                        long finalSeq = journal.lastSeq();
                        boolean caughtUp = UpstreamChecker.await(
                                () -> checker.ledger().counts().contiguousThrough() >= finalSeq, DRAIN_LIMIT);
                        long maxRss = sampler.maxRss(t0, System.nanoTime());
                        JournalCommits commits = JournalCommits.of(gateway);
                        int exit = gateway.stop();
                        BitSet journaled = journal.seqs(finalSeq);
                        return new MixedResult(
                                plan,
                                loadBefore,
                                io.courtyard.sim.load.LoadAverage.now(),
                                Duration.ofNanos(t1 - t0),
                                after.minus(before),
                                behind,
                                latencies.stream()
                                        .map(MixedResult.Percentiles::of)
                                        .toList(),
                                cpu1.coresSince(cpu0),
                                cpu1.jitCoresSince(cpu0),
                                cpu1.threadsSince(cpu0),
                                (simCpu1 - simCpu0) / (double) (t1 - t0),
                                maxRss,
                                cpu1.writeBytesPerSecondSince(cpu0),
                                Delivery.check(checker, journaled, finalSeq, caughtUp),
                                outage == null ? null : outage.result(),
                                exit,
                                commits,
                                compare.map(PushDriver::lastFailure).orElse(""),
                                pushes.lastFailure());
                    } finally {
                        compare.ifPresent(PushDriver::close);
                    }
                }
            }
        }
    }

    /**
     * The gateway's group commits over its life (warm-up included), from its own meters: how many,
     * events per commit, the mean and the longest insert + fsync, and whether the writer ran under
     * real-time scheduling. Where durable answers wait.
     */
    record JournalCommits(double commits, double eventsPerCommit, double meanMs, double maxMs, boolean writerRealtime) {
        static JournalCommits of(GatewayProcess g) {
            double n = g.metric("courtyard_journal_commit_seconds_count");
            return new JournalCommits(
                    n,
                    g.metric("courtyard_journal_batch_size_events_sum")
                            / g.metric("courtyard_journal_batch_size_events_count"),
                    1000 * g.metric("courtyard_journal_commit_seconds_sum") / n,
                    1000 * g.metric("courtyard_journal_commit_seconds_max"),
                    g.metric("courtyard_journal_writer_realtime") == 1);
        }
    }

    private static long simCpuNanos() {
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .orElse(Duration.ZERO)
                .toNanos();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
