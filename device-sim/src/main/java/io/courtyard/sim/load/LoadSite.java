package io.courtyard.sim.load;

import io.courtyard.access.AccessGroup;
import io.courtyard.access.AccessList;
import io.courtyard.access.Credential;
import io.courtyard.access.CredentialKey;
import io.courtyard.access.Holder;
import io.courtyard.access.HolderKind;
import io.courtyard.access.HolidayCalendar;
import io.courtyard.access.Status;
import io.courtyard.access.Validity;
import io.courtyard.config.ConfigException;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The load run's site: a configuration with one gate per emulated reader (each reader also drives
 * its strike and reads its door and exit contacts), and an access list whose residents may pass
 * every gate. Written as YAML and loaded like any gateway configuration, so it is validated too.
 */
final class LoadSite {
    /** Residents' cards are H10301 facility {@value}, numbers 1..residents. */
    static final int FACILITY = 10;
    /** Cards of this facility are in no list: unknown, denied. */
    static final int STRANGER_FACILITY = 99;

    private LoadSite() {}

    /** One bus as the emulators serve it: its id, its serial server's port and its PDs' addresses. */
    record Bus(String id, int port, int devices) {}

    static String gateId(String bus, int address) {
        return bus + "-gate-" + address;
    }

    static GatewayConfig config(Path stateDir, List<Bus> buses, OsdpLoad.Plan plan, String scbkHex)
            throws ConfigException {
        StringBuilder y = new StringBuilder();
        y.append("site:\n  id: load-court\n  timeZone: Asia/Shanghai\n  buildings:\n")
                .append(
                        "    - id: \"1\"\n      units:\n        - {id: \"1\", floors: 7, roomsPerFloor: 2, area: 80}\n");
        y.append("state:\n  dir: ").append(stateDir).append('\n');
        y.append("listeners:\n  http: {enabled: false}\n  deviceMqtt: {enabled: false}\n");
        // Only a flood run opens the camera port (no camera is configured: every push is refused).
        y.append(plan.flood() > 0 ? "  cameras: {bind: 127.0.0.1, port: 0}\n" : "  cameras: {enabled: false}\n");
        y.append("osdpBuses:\n");
        for (Bus b : buses) {
            y.append("  - id: ").append(b.id()).append('\n');
            y.append("    host: 127.0.0.1\n    port: ").append(b.port()).append('\n');
            y.append("    pollInterval: ")
                    .append(plan.pollInterval().toMillis())
                    .append("ms\n");
            y.append("    devices:\n");
            for (int a = 1; a <= b.devices(); a++) {
                y.append("      - {id: ")
                        .append(b.id())
                        .append("-pd")
                        .append(a)
                        .append(", address: ")
                        .append(a);
                if (plan.secure()) {
                    y.append(", secureChannel: \"on\", scbk: \"")
                            .append(scbkHex)
                            .append('"');
                }
                y.append("}\n");
            }
        }
        y.append("gates:\n");
        for (Bus b : buses) {
            for (int a = 1; a <= b.devices(); a++) {
                y.append("  - {id: ")
                        .append(gateId(b.id(), a))
                        .append(", reader: {bus: ")
                        .append(b.id())
                        .append(", address: ")
                        .append(a)
                        .append("}, strikeOutput: 0, doorInput: 0, exitInput: 1}\n");
            }
        }
        return ConfigLoader.parse(stateDir.resolve("load.yaml"), y.toString());
    }

    /** {@code residents} residents, one H10301 card each, all in one group that opens every gate. */
    static AccessList accessList(GatewayConfig config, int residents) {
        Set<String> gates = new java.util.HashSet<>();
        config.devices().gates().forEach(g -> gates.add(g.id()));
        Map<String, Holder> holders = new HashMap<>();
        Map<String, Credential> credentials = new HashMap<>();
        List<String> groups = List.of("everyone");
        for (int i = 1; i <= residents; i++) {
            String h = "h-" + i;
            holders.put(h, new Holder(h, HolderKind.RESIDENT, null, groups, Validity.ALWAYS, Status.ACTIVE, null));
            String c = "c-" + i;
            credentials.put(
                    c, new Credential(c, h, CredentialKey.card("h10301", FACILITY, i), Validity.ALWAYS, Status.ACTIVE));
        }
        AccessGroup everyone = new AccessGroup("everyone", gates, null, Map.of(), Set.of());
        return new AccessList(
                1,
                Instant.now(),
                holders,
                credentials,
                Map.of(),
                Map.of(),
                Map.of(everyone.id(), everyone),
                Map.of(),
                HolidayCalendar.NONE);
    }

    /** Bus ids in order. */
    static List<String> busIds(int buses) {
        List<String> ids = new ArrayList<>(buses);
        for (int b = 0; b < buses; b++) {
            ids.add("load-" + b);
        }
        return ids;
    }
}
