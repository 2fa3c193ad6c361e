package io.courtyard.journal;

import static io.courtyard.testsupport.AclBundles.add;
import static io.courtyard.testsupport.AclBundles.credential;
import static io.courtyard.testsupport.AclBundles.group;
import static io.courtyard.testsupport.AclBundles.holder;
import static io.courtyard.testsupport.AclBundles.pass;
import static io.courtyard.testsupport.AclBundles.permit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.access.AccessFixture;
import io.courtyard.access.AccessRequest;
import io.courtyard.access.AccessService;
import io.courtyard.access.AccessStateStore;
import io.courtyard.access.CredentialKey;
import io.courtyard.access.Decision;
import io.courtyard.access.EmergencyMode;
import io.courtyard.acl.AclStore;
import io.courtyard.acl.EmergencyCommands;
import io.courtyard.config.DevicesConfig;
import io.courtyard.config.GatewayConfig;
import io.courtyard.device.Bytes;
import io.courtyard.device.osdp.CheckMode;
import io.courtyard.device.osdp.PdCapabilities;
import io.courtyard.device.osdp.PdId;
import io.courtyard.device.osdp.bus.DeviceJournal;
import io.courtyard.device.osdp.bus.Pd;
import io.courtyard.device.osdp.bus.PdInfo;
import io.courtyard.ops.Gateway;
import io.courtyard.store.Database;
import io.courtyard.testsupport.AclBundles;
import io.courtyard.testsupport.Mosquitto;
import io.courtyard.uplink.InfluxPoints;
import io.courtyard.uplink.UplinkJson;
import io.courtyard.uplink.UplinkTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes the journal fixture {@code fixtures/journal-0.1.0/} with the release before the typed
 * event model (commit 52aa4b7): events of every type its producers write, through those producers
 * (package-private ones by reflection: this runs once, against that release), an access-state
 * projection that leaves an unprojected tail, and an MQTT cursor with an unacknowledged backlog.
 * Beside the database it writes what that release would have sent: the MQTT payload and the
 * InfluxDB line of every event. Run once: {@code java -cp ... io.courtyard.journal.LegacyJournalFixture DIR}.
 */
public final class LegacyJournalFixture {
    static final String SITE = "fixture-court";
    static final CredentialKey CARD = CredentialKey.parse("card:h10301/12/1001");
    static final CredentialKey UNKNOWN = CredentialKey.parse("card:h10301/12/4242");
    static final CredentialKey CODE = CredentialKey.parse("code:483920");
    static final CredentialKey PLATE = CredentialKey.parse("plate:京A12345");

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path work = Files.createTempDirectory("legacy-journal");
        Path state = work.resolve("state");
        AclBundles platform = new AclBundles(SITE);
        String unreachable = "tcp://127.0.0.1:" + Mosquitto.freePort();
        GatewayConfig config = AccessFixture.gatewayConfig(state, unreachable, platform.publicKey());
        firstRun(config, platform);
        tail(config);
        Files.createDirectories(out);
        Files.copy(state.resolve("courtyard.db"), out.resolve("courtyard.db"));
        expectations(out);
    }

    /** The real gateway, its uplink unreachable: every producer writes, the access-state projection keeps up. */
    static void firstRun(GatewayConfig config, AclBundles platform) throws Exception {
        Instant now = Instant.now();
        ObjectNode list = platform.snapshot(1);
        add(list, "groups", group("residents", "north-gate", "lift-1-1", "east-entry", "east-exit"));
        add(list, "holders", holder("h1", "resident", "1-1-702", "residents"));
        add(list, "credentials", credential("c1", "h1", CARD.text()));
        add(
                list,
                "passes",
                pass("v1", "1-1-702", CODE.text(), now.minusSeconds(60), now.plusSeconds(7200), 2, "north-gate"));
        add(list, "permits", permit("p1", "h1", PLATE.value(), "main-lot", false));
        Gateway g = new Gateway(config);
        g.start(); // gateway started
        try {
            Journal journal = g.journal();
            var acl = g.acl().updater();
            check(acl.apply(platform.sign(list), "usb").outcome().name()); // acl applied (snapshot)
            acl.apply(platform.forge(platform.snapshot(2)), "mqtt"); // refused bad-signature: alarm
            ObjectNode gap = platform.delta(5);
            acl.apply(platform.sign(gap), "mqtt"); // refused gap: device
            ObjectNode delta = platform.delta(2);
            add(delta, "holders", holder("h2", "resident", "3-1-301", "residents"));
            AclBundles.remove(delta, "passes", "none");
            check(acl.apply(platform.sign(delta), "mqtt").outcome().name()); // acl applied (delta)

            decide(g, "north-gate", CARD); // grant, pulse
            decide(g, "lift-1-1", CARD); // grant, floors
            decide(g, "north-gate", CODE); // grant, pass uses 1
            decide(g, "east-entry", PLATE); // grant, barrier, position in
            decide(g, "north-gate", UNKNOWN); // deny unknown-credential: credentialFull
            decide(g, "nowhere", CARD); // deny unknown-device

            Clock clock = Clock.systemUTC();
            DeviceJournal dj = new DeviceJournal(journal, clock);
            Pd pd = new Pd("north-reader", "bus", 1);
            PdInfo info = new PdInfo(
                    new PdId(Bytes.ofUnsigned(0x5C, 0x26, 0x23), 3, 1, 305419896L, 2, 4, 17),
                    new PdCapabilities(List.of()),
                    CheckMode.CRC,
                    PdInfo.Security.SECURE_CHANNEL);
            dj.online(pd, info);
            dj.localStatus(pd, true, false, Instant.now());
            dj.offline(pd, "no reply to 8 polls");

            drivers(journal, config, g);
            var em = g.access().emergencies();
            em.raise(EmergencyMode.FIRE, "input:fire-panel");
            em.clear(EmergencyMode.FIRE, "operator:admin");
            em.raise(EmergencyMode.LOCKDOWN, "upstream:n-1");
            commands(journal, g, platform);

            journal.diskTrouble(true, "[SQLITE_FULL] database or disk is full");
            journal.diskTrouble(false, null);
            awaitDurable(journal);
        } finally {
            g.stop();
        }
    }

    static void decide(Gateway g, String device, CredentialKey k) {
        g.access().decide(AccessRequest.of(device, k, Instant.now()));
    }

    static void check(String outcome) {
        if (!"APPLIED".equals(outcome)) {
            throw new IllegalStateException("list not applied: " + outcome);
        }
    }

    /** The drivers' own events, through their package-private DriverEvents. */
    static void drivers(Journal journal, GatewayConfig config, Gateway g) throws Exception {
        Class<?> de = Class.forName("io.courtyard.device.drivers.DriverEvents");
        Constructor<?> ctor = de.getDeclaredConstructor(EventSink.class);
        ctor.setAccessible(true);
        EventSink sink = journal::append;
        Object events = ctor.newInstance(sink);
        DevicesConfig.Gate gate = config.devices().gates().get(0);
        DevicesConfig.Elevator lift = config.devices().elevators().get(0);

        Class<?> alarm = Class.forName("io.courtyard.device.drivers.Door$Alarm");
        Class<?> change = Class.forName("io.courtyard.device.drivers.Door$Change");
        Constructor<?> changeCtor = change.getDeclaredConstructor(alarm, boolean.class, Instant.class, Instant.class);
        changeCtor.setAccessible(true);
        Object forced = alarm.getEnumConstants()[0];
        Object held = alarm.getEnumConstants()[1];
        Method door = de.getDeclaredMethod("door", DevicesConfig.Gate.class, change);
        door.setAccessible(true);
        Instant opened = Instant.now().minusSeconds(40);
        door.invoke(events, gate, changeCtor.newInstance(forced, true, opened, opened));
        door.invoke(events, gate, changeCtor.newInstance(held, true, opened.plusSeconds(30), opened));
        door.invoke(events, gate, changeCtor.newInstance(forced, false, opened.plusSeconds(38), opened));

        Method gateState = de.getDeclaredMethod("gateState", DevicesConfig.Gate.class, String.class, Instant.class);
        gateState.setAccessible(true);
        gateState.invoke(events, gate, "exit-request", Instant.now());
        gateState.invoke(events, gate, "door-open", Instant.now());
        gateState.invoke(events, gate, "door-closed", Instant.now());

        Method tamper =
                de.getDeclaredMethod("tamper", String.class, String.class, Pd.class, boolean.class, Instant.class);
        tamper.setAccessible(true);
        tamper.invoke(events, "door", gate.id(), new Pd("north-reader", "bus", 1), true, Instant.now());
        tamper.invoke(events, "elevator", lift.id(), new Pd("lift-reader", "bus", 5), false, Instant.now());

        Method ride = de.getDeclaredMethod(
                "ride",
                DevicesConfig.Elevator.class,
                Decision.class,
                Integer.class,
                int.class,
                Instant.class,
                Instant.class);
        ride.setAccessible(true);
        Instant granted = Instant.now().minusSeconds(5);
        Decision d = g.access().explain(AccessRequest.of(lift.id(), CARD, granted));
        ride.invoke(events, lift, d, 1, 7, granted, Instant.now());
        ride.invoke(events, lift, d, null, 1, granted, Instant.now());
    }

    /** Emergency command refusals, through the command handler. */
    static void commands(Journal journal, Gateway g, AclBundles platform) throws Exception {
        var key = io.courtyard.config.PublicKeys.ed25519(platform.publicKey());
        io.courtyard.acl.UpstreamSubscriber none = new io.courtyard.acl.UpstreamSubscriber() {
            @Override
            public void subscribe(String suffix, java.util.function.Consumer<byte[]> handler) {}

            @Override
            public boolean publish(String suffix, byte[] payload) {
                return false;
            }

            @Override
            public void onConnected(Runnable r) {}
        };
        EmergencyCommands commands = new EmergencyCommands(
                none,
                SITE,
                key,
                g.database(),
                () -> g.access().emergencies(),
                journal::append,
                new SimpleMeterRegistry(),
                Clock.systemUTC());
        commands.start();
        try {
            Method handle = EmergencyCommands.class.getDeclaredMethod("handle", byte[].class, Duration.class);
            handle.setAccessible(true);
            handle.invoke(commands, "not json".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(1));
            byte[] replayed = platform.signCommand(platform.command("lockdown", "raise", "n-77"));
            handle.invoke(commands, replayed, Duration.ofSeconds(1));
            handle.invoke(commands, replayed, Duration.ofSeconds(1)); // replay: alarm
        } finally {
            commands.stop();
        }
    }

    /**
     * Events appended after the gateway stopped, by an access service whose projection never runs:
     * the access-state cursor does not move over them, so a restart must replay them from the journal.
     * Then the MQTT cursor acknowledges a head and one alarm ahead of it.
     */
    static void tail(GatewayConfig config) throws Exception {
        Database db = new Database(config.state().dir(), config.journal().synchronous());
        db.start();
        Journal journal = new Journal(db, SITE, config.journal(), new SimpleMeterRegistry());
        EventSource mqtt = journal.source("mqtt");
        journal.source(AccessStateStore.SINK);
        journal.start();
        EventSource idle = new EventSource() {
            @Override
            public String sink() {
                return "fixture-idle";
            }

            @Override
            public List<JournalEvent> next(int max, long waitMillis) throws InterruptedException {
                Thread.sleep(waitMillis);
                return List.of();
            }

            @Override
            public void ack(long... seqs) {}

            @Override
            public void rewind() {}

            @Override
            public long pending() {
                return 0;
            }
        };
        AccessService access = new AccessService(
                config,
                db,
                journal::append,
                idle,
                () -> {
                    try (Connection c = db.connect()) {
                        return AclStore.load(c);
                    }
                },
                new SimpleMeterRegistry(),
                Clock.systemUTC());
        access.start();
        access.emergencies().clear(EmergencyMode.LOCKDOWN, "operator:admin");
        access.decide(AccessRequest.of("north-gate", CODE, Instant.now())); // pass uses 2
        access.decide(AccessRequest.of("east-exit", PLATE, Instant.now())); // position out
        access.emergencies().raise(EmergencyMode.FIRE, "input:fire-panel");
        awaitDurable(journal);
        access.stop();

        List<JournalEvent> all = mqtt.next(10_000, 100);
        long[] head =
                all.stream().mapToLong(JournalEvent::seq).filter(s -> s <= 10).toArray();
        mqtt.ack(head);
        // One alarm beyond the head acknowledged on its own: alarms jump the backlog upstream.
        all.stream()
                .filter(e -> e.kind() == EventKind.ALARM && e.seq() > 12)
                .findFirst()
                .ifPresent(e -> mqtt.ack(e.seq()));
        journal.stop();
        db.stop();
    }

    static void awaitDurable(Journal journal) throws Exception {
        Instant now = Instant.now();
        // A marker-free barrier: the journal completes futures in order, so waiting for a fresh
        // append would add an event; instead poll until the queue is empty and the writer idle.
        for (int i = 0; i < 100 && journal.queueDepth() > 0; i++) {
            Thread.sleep(20);
        }
        Thread.sleep(500);
        CompletableFuture.completedFuture(now).get(1, TimeUnit.SECONDS);
    }

    /** What the release that wrote the fixture sends for each event: MQTT payloads and InfluxDB lines. */
    static void expectations(Path out) throws Exception {
        Path dir = Files.createTempDirectory("legacy-journal-read");
        Files.copy(out.resolve("courtyard.db"), dir.resolve("courtyard.db"));
        Database db = new Database(dir, io.courtyard.config.JournalConfig.Synchronous.FULL);
        db.start();
        Journal journal = new Journal(
                db,
                SITE,
                new io.courtyard.config.JournalConfig(
                        io.courtyard.config.JournalConfig.Synchronous.FULL,
                        100,
                        Duration.ofMillis(5),
                        1L << 30,
                        Duration.ofDays(3650)),
                new SimpleMeterRegistry());
        EventSource all = journal.source("fixture-expectations");
        journal.start();
        List<JournalEvent> events = new ArrayList<>();
        // Backlog order, not urgent-first: one line per seq.
        List<JournalEvent> pull = all.next(10_000, 100);
        pull.stream()
                .sorted(java.util.Comparator.comparingLong(JournalEvent::seq))
                .forEach(events::add);
        UplinkJson json = new UplinkJson();
        UplinkTopics topics = new UplinkTopics("cy", SITE);
        InfluxPoints influx = new InfluxPoints(SITE);
        StringBuilder mqtt = new StringBuilder();
        StringBuilder lines = new StringBuilder();
        for (JournalEvent e : events) {
            mqtt.append(e.seq())
                    .append('\t')
                    .append(topics.event(e.kind()))
                    .append('\t')
                    .append(new String(json.event(e), StandardCharsets.UTF_8))
                    .append('\n');
            lines.append(e.seq())
                    .append('\t')
                    .append(influx.toPoint(e).map(p -> p.toLineProtocol()).orElse("-"))
                    .append('\n');
        }
        Files.writeString(out.resolve("mqtt-payloads.tsv"), mqtt.toString());
        Files.writeString(out.resolve("influx-lines.tsv"), lines.toString());
        journal.stop();
        db.stop();
    }
}
