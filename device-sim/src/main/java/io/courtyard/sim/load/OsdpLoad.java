package io.courtyard.sim.load;

import io.courtyard.config.DevicesConfig.OsdpBus;
import io.courtyard.config.DevicesConfig.OsdpDevice;
import io.courtyard.config.DevicesConfig.SecureChannel;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.device.osdp.Scbk;
import io.courtyard.device.osdp.bus.BusMetrics;
import io.courtyard.device.osdp.bus.OsdpBuses;
import io.courtyard.ops.EventLoops;
import io.courtyard.sim.osdp.EmulatedPd;
import io.courtyard.sim.osdp.OsdpSim;
import io.courtyard.sim.osdp.PdProfile;
import io.courtyard.sim.osdp.SerialServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The OSDP load run: {@code buses} serial servers with {@code devices} reader PDs each, polled by the
 * real gateway bus poller over loopback TCP, both in this JVM but on separate event loops. Measures
 * the poller's own threads' CPU (the gateway's {@code netty-io} loops) against wall time, and the
 * poll cycle and reply times the poller's meters record.
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
            Duration measure,
            int cardsPerSecond) {}

    private static final String KEY = "8F2D61C05BE74A1399E0D3B4A5C6F718";

    private final Plan plan;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    public OsdpLoad(Plan plan) {
        this.plan = plan;
    }

    public LoadReport run() throws InterruptedException {
        EventLoops loops = new EventLoops(plan.gatewayThreads(), registry);
        loops.start();
        try (OsdpSim sim = new OsdpSim(Math.max(1, Runtime.getRuntime().availableProcessors()))) {
            List<OsdpBus> configs = serve(sim);
            OsdpBuses buses = new OsdpBuses(configs, loops, registry);
            CardToOut cards = new CardToOut(buses);
            buses.listen(cards);
            buses.start();
            try {
                int expected = plan.buses() * plan.devices();
                long deadline = System.nanoTime() + plan.warmUp().toNanos();
                while (System.nanoTime() < deadline) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                }
                int online = online();
                CpuClock cpu = CpuClock.start("netty-io-");
                Counts before = counts();
                presentCards(sim);
                Counts after = counts();
                CpuClock.Reading reading = cpu.read();
                return new LoadReport(
                        plan, online, expected, reading, after.minus(before), registry, cards.latencies());
            } finally {
                buses.stop();
            }
        } finally {
            loops.stop();
        }
    }

    private List<OsdpBus> serve(OsdpSim sim) {
        List<OsdpBus> configs = new ArrayList<>();
        for (int b = 0; b < plan.buses(); b++) {
            String id = "load-" + b;
            List<OsdpDevice> devices = new ArrayList<>();
            EmulatedPd[] pds = new EmulatedPd[plan.devices()];
            for (int d = 0; d < plan.devices(); d++) {
                int address = d + 1;
                PdProfile profile = PdProfile.reader().withSerial(b * 1000L + address);
                pds[d] = new EmulatedPd(address, plan.secure() ? profile.withScbk(Scbk.fromHex(KEY)) : profile);
                devices.add(new OsdpDevice(
                        id + "-pd" + address,
                        address,
                        plan.secure() ? SecureChannel.ON : SecureChannel.OFF,
                        plan.secure() ? Optional.of(KEY) : Optional.empty()));
            }
            SerialServer server = sim.bus(id, 0, pds);
            configs.add(new OsdpBus(
                    id, "127.0.0.1", server.port(), plan.pollInterval(), Duration.ofMillis(200), 8, devices));
        }
        return configs;
    }

    /** Waits out the measurement window, presenting cards at the planned rate on random PDs meanwhile. */
    private void presentCards(OsdpSim sim) {
        long end = System.nanoTime() + plan.measure().toNanos();
        if (plan.cardsPerSecond() <= 0) {
            for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
            return;
        }
        long every = TimeUnit.SECONDS.toNanos(1) / plan.cardsPerSecond();
        for (long next = System.nanoTime(); end - next > 0; next += every) {
            for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            ThreadLocalRandom r = ThreadLocalRandom.current();
            sim.presentCard(
                    "load-" + r.nextInt(plan.buses()),
                    1 + r.nextInt(plan.devices()),
                    WiegandFormat.H10301,
                    r.nextInt(256),
                    r.nextInt(65536));
        }
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

    /** Poller counters at one moment; the difference of two is a window's work. */
    record Counts(double polls, double replies, double timeouts, long nanos) {
        Counts minus(Counts o) {
            return new Counts(polls - o.polls, replies - o.replies, timeouts - o.timeouts, nanos - o.nanos);
        }
    }
}
