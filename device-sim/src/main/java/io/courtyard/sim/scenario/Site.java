package io.courtyard.sim.scenario;

import io.courtyard.acl.Keys;
import io.courtyard.config.DevicesConfig.OsdpBus;
import io.courtyard.config.DevicesConfig.OsdpDevice;
import io.courtyard.config.GatewayConfig;
import io.courtyard.sim.demo.EmbeddedBroker;
import io.courtyard.sim.monitor.MonitorSim;
import io.courtyard.sim.osdp.OsdpSim;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scenario's compound: the platform's MQTT 5 broker (HiveMQ CE embedded) behind a relay the
 * scenario can cut, a recorder subscribed to it, the OSDP emulators on the configuration's buses,
 * the camera emulators, the monitors (on first use), and the real gateway in a child process on
 * the derived configuration and a fresh state directory.
 */
final class Site implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("scenario");

    private final Path dir;
    private final KeyPair key = Keys.generate();
    private final List<AutoCloseable> owned = new ArrayList<>();
    private SiteConfig.Derived derived;
    private UpstreamRecorder upstream;
    private Relay relay;
    private OsdpSim osdp;
    private CarPark cars;
    private MonitorSim monitors;
    private GatewayProcess gateway;
    private JournalFile journal;
    private long listVersion;

    private Site(Path dir) {
        this.dir = dir;
    }

    /** Derives the run's configuration from {@code source} and starts everything, the gateway last. */
    static Site start(Path source, Path dir, Scenario scenario) throws Exception {
        Site s = new Site(dir);
        try {
            s.open(source, scenario);
            return s;
        } catch (Exception | Error e) {
            s.close();
            throw e;
        }
    }

    private void open(Path source, Scenario scenario) throws Exception {
        int brokerPort;
        try (FreePorts ports = new FreePorts()) {
            brokerPort = ports.next();
            relay = keep(new Relay(ports.next(), brokerPort));
            derived = SiteConfig.derive(source, dir, key.getPublic(), relay.port(), ports, scenario::tune);
        }
        GatewayConfig cfg = derived.config();
        osdp = keep(OsdpSim.serving(cfg.devices().osdpBuses()));
        cars = keep(new CarPark(cfg, derived.isapiPorts()));
        journal = new JournalFile(cfg.state().dir());
        gateway = new GatewayProcess(derived.file(), dir);
        // The gateway's JVM and the broker start side by side (each takes seconds); the relay stays shut
        // until the recorder is subscribed, so nothing the gateway publishes can pass unrecorded.
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            try {
                gateway.start();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        try {
            EmbeddedBroker broker = keep(new EmbeddedBroker(dir.resolve("broker"), "127.0.0.1", brokerPort));
            broker.start();
            String prefix = cfg.upstream().mqtt().orElseThrow().topicPrefix();
            upstream = keep(new UpstreamRecorder(brokerPort, prefix, cfg.site().id()));
            relay.mend();
        } finally {
            try {
                started.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof Exception x) {
                    throw x;
                }
                throw e;
            }
        }
        log.info("gateway pid {} READY on {}", gateway.pid(), derived.file());
        awaitPdsOnline(0);
    }

    /** Waits until the gateway has reported every configured PD online after journal position {@code afterSeq}. */
    void awaitPdsOnline(long afterSeq) throws Exception {
        for (OsdpBus bus : config().devices().osdpBuses()) {
            for (OsdpDevice pd : bus.devices()) {
                awaitOnline(pd.id(), afterSeq);
            }
        }
    }

    /** Waits until the gateway has reported the PD {@code id} online after journal position {@code afterSeq}. */
    void awaitOnline(String id, long afterSeq) throws Exception {
        if (journal.await(
                        afterSeq,
                        e -> e.device().equals(id) && "online".equals(e.text("state")),
                        Duration.ofSeconds(30))
                .isEmpty()) {
            throw new IllegalStateException("PD " + id + " not online within 30 s");
        }
    }

    /**
     * Publishes a signed list on the site's {@code acl} topic, as the platform does, and waits for
     * the gateway to journal it applied; returns when the broker took it.
     */
    Instant publish(SiteList list) throws Exception {
        if (listVersion == 0 && !upstream.awaitSnapshotRequest(Duration.ofSeconds(90))) {
            throw new IllegalStateException("the gateway asked for no access list within 90 s (acl/request)");
        }
        long mark = journal.lastSeq();
        Instant sent = upstream.publish("acl", list.sign(key));
        if (journal.await(
                        mark,
                        e -> "applied".equals(e.text("acl"))
                                && e.body().path("version").asLong() == list.version(),
                        Duration.ofSeconds(20))
                .isEmpty()) {
            throw new IllegalStateException("access list version " + list.version() + " not applied within 20 s");
        }
        listVersion = list.version();
        return sent;
    }

    /** The version of the last list applied. */
    long listVersion() {
        return listVersion;
    }

    /** A list the scenario published itself (and saw applied). */
    void listVersion(long version) {
        listVersion = version;
    }

    /** The elevator monitors of the configuration, connected to the gateway's device MQTT listener. */
    synchronized MonitorSim monitors() {
        if (monitors == null) {
            int port = config().listeners().deviceMqtt().port();
            monitors = keep(MonitorSim.of(config(), "127.0.0.1", port, Duration.ofMillis(300))
                    .connectAll());
        }
        return monitors;
    }

    /** Kills the gateway with SIGKILL and starts it again on the same state; waits for its PDs. */
    void crashAndRestart() throws Exception {
        gateway.kill9();
        long mark = journal.lastSeq();
        gateway.start();
        awaitPdsOnline(mark);
    }

    GatewayConfig config() {
        return derived.config();
    }

    KeyPair key() {
        return key;
    }

    Path dir() {
        return dir;
    }

    String siteId() {
        return config().site().id();
    }

    JournalFile journal() {
        return journal;
    }

    UpstreamRecorder upstream() {
        return upstream;
    }

    Relay relay() {
        return relay;
    }

    OsdpSim osdp() {
        return osdp;
    }

    CarPark cars() {
        return cars;
    }

    GatewayProcess gateway() {
        return gateway;
    }

    private <T extends AutoCloseable> T keep(T c) {
        owned.add(c);
        return c;
    }

    /** The gateway first (SIGTERM through its handle), then everything else in reverse order of start. */
    @Override
    public void close() {
        try {
            if (gateway != null) {
                int exit = gateway.stop();
                log.info("gateway stopped, exit {}", exit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                log.warn("closing {}: {}", owned.get(i).getClass().getSimpleName(), e.toString());
            }
        }
    }
}
