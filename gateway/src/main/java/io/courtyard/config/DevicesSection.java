package io.courtyard.config;

import io.courtyard.config.DevicesConfig.AntiPassback;
import io.courtyard.config.DevicesConfig.Gate;
import io.courtyard.config.DevicesConfig.Monitor;
import io.courtyard.config.DevicesConfig.OsdpBus;
import io.courtyard.config.DevicesConfig.OsdpDevice;
import io.courtyard.config.DevicesConfig.ParkingZone;
import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.config.DevicesConfig.SecureChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the device sections: OSDP buses, gates, elevators, parking zones, barriers, monitors. */
final class DevicesSection {
    static final Scalars.Parser<Integer> OSDP_ADDRESS = Scalars.intRange(0, 126);
    static final Scalars.Parser<Integer> IO_POINT = Scalars.intRange(0, 255);
    static final Scalars.Parser<Integer> FLOOR = Scalars.intRange(-9, 200);
    private static final Scalars.Parser<String> SCBK =
            Scalars.text("a 128-bit key as 32 hex digits", Pattern.compile("[0-9A-Fa-f]{32}"));

    private DevicesSection() {}

    static DevicesConfig read(YamlMap root) {
        return new DevicesConfig(
                root.list("osdpBuses", DevicesSection::bus),
                root.list("gates", DevicesSection::gate),
                root.list("elevators", ElevatorSection::elevator),
                root.list("parkingZones", DevicesSection::zone),
                root.list("barriers", BarrierSection::read),
                root.list("monitors", DevicesSection::monitor),
                monitoring(root.map("monitoring")));
    }

    private static MonitoringConfig monitoring(YamlMap m) {
        MonitoringConfig c = MonitoringSection.read(m);
        m.finish();
        return c;
    }

    private static OsdpBus bus(YamlMap m) {
        String id = m.required("id", Scalars.ID);
        String host = m.required("host", Scalars.HOSTNAME);
        Integer port = m.required("port", Scalars.PORT);
        // OSDP 2.2 §5.7: a PD must answer within 200 ms; polling faster than 20 ms starves a 9600 baud bus.
        Duration poll = m.optional(
                "pollInterval", Scalars.duration(Duration.ofMillis(20), Duration.ofSeconds(5)), Duration.ofMillis(50));
        Duration timeout = m.optional(
                "replyTimeout", Scalars.duration(Duration.ofMillis(20), Duration.ofSeconds(5)), Duration.ofMillis(200));
        int offline = m.optional("offlineAfterMissed", Scalars.intRange(1, 100), 8);
        List<OsdpDevice> devices = m.list("devices", d -> {
            String did = d.required("id", Scalars.ID);
            Integer addr = d.required("address", OSDP_ADDRESS);
            SecureChannel sc = d.optional("secureChannel", Scalars.enumeration(SecureChannel.class), SecureChannel.OFF);
            Optional<String> scbk = ServiceSection.secret(d, "scbk").map(Secret::reveal);
            if (sc == SecureChannel.ON && ServiceSection.noSecret(d, "scbk")) {
                d.missing("scbk", "scbk or scbkFile (32 hex digits) when secureChannel is on");
            }
            // Point at the key the value came from; never echo the key itself into the message.
            String scbkKey = d.has("scbk") ? "scbk" : "scbkFile";
            scbk.filter(k -> SCBK.parse(k) == null).ifPresent(k -> d.problems()
                    .add(d.value(scbkKey), d.field(scbkKey), "expected " + SCBK.expected()));
            return did == null || addr == null || sc == null ? null : new OsdpDevice(did, addr, sc, scbk);
        });
        return id == null || host == null || port == null
                ? null
                : new OsdpBus(id, host, port, poll, timeout, offline, devices);
    }

    static PdRef pd(YamlMap parent, String key, boolean required) {
        if (!required && !parent.has(key)) {
            return null;
        }
        YamlMap m = parent.requiredMap(key, "a mapping with bus and address");
        String bus = m.required("bus", Scalars.ID);
        Integer address = m.required("address", OSDP_ADDRESS);
        m.finish();
        return bus == null || address == null ? null : new PdRef(bus, address);
    }

    private static Gate gate(YamlMap m) {
        String id = m.required("id", Scalars.ID);
        String name = m.optional("name", Scalars.ANY_TEXT, id);
        PdRef reader = pd(m, "reader", true);
        PdRef io = pd(m, "io", false);
        Integer strike = m.required("strikeOutput", IO_POINT);
        Optional<Integer> door = Optional.ofNullable(m.optional("doorInput", IO_POINT, null));
        Optional<Integer> exit = Optional.ofNullable(m.optional("exitInput", IO_POINT, null));
        Duration pulse = m.optional(
                "pulse", Scalars.duration(Duration.ofMillis(200), Duration.ofSeconds(60)), Duration.ofSeconds(3));
        Duration held = m.optional(
                "heldOpenAfter", Scalars.duration(Duration.ofSeconds(5), Duration.ofHours(1)), Duration.ofSeconds(30));
        boolean fire = m.optional("openOnFire", Scalars.BOOL, true);
        return id == null || reader == null || strike == null
                ? null
                : new Gate(id, name, reader, io == null ? reader : io, strike, door, exit, pulse, held, fire);
    }

    private static ParkingZone zone(YamlMap m) {
        String id = m.required("id", Scalars.ID);
        Integer capacity = m.required("capacity", Scalars.intRange(0, 100_000));
        AntiPassback apb = m.optional("antiPassback", Scalars.enumeration(AntiPassback.class), AntiPassback.SOFT);
        Optional<Duration> expiry =
                Optional.ofNullable(m.optional("positionExpiry", AccessSection.POSITION_EXPIRY, null));
        return id == null || capacity == null || apb == null ? null : new ParkingZone(id, capacity, apb, expiry);
    }

    private static Monitor monitor(YamlMap m) {
        String id = m.required("id", Scalars.ID);
        String elevator = m.required("elevator", Scalars.ID);
        String user = m.optional("username", Scalars.ANY_TEXT, id);
        Optional<Secret> secret = ServiceSection.secret(m, "secret");
        if (ServiceSection.noSecret(m, "secret")) {
            m.missing("secret", "secret or secretFile: the password this monitor presents");
        }
        String table = m.optional("faultTable", Scalars.ID, FaultCatalog.DEFAULT_TABLE);
        Optional<String> fieldMap = Optional.ofNullable(m.optional("fieldMap", Scalars.ID, null));
        return id == null || elevator == null || user == null || secret.isEmpty()
                ? null
                : new Monitor(id, elevator, user, secret.get(), table, fieldMap);
    }
}
