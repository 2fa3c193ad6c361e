package io.courtyard.access;

import io.courtyard.access.VehiclePermit.Space;
import io.courtyard.config.ConfigException;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small compound and its access list, built in code, shared by the engine tests. Times are
 * local to Asia/Shanghai; 2026-03-02 is a Monday, 2026-10-01..07 are holidays and Sunday
 * 2026-09-27 is a make-up working day that runs as a Monday.
 */
public final class AccessFixture {
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    public static final String CONFIG =
            """
            site:
              id: fixture-court
              timeZone: Asia/Shanghai
              buildings:
                - id: "1"
                  units:
                    - {id: "1", floors: 7, lowestFloor: -1, roomsPerFloor: 2, area: 89.5}
                - id: "3"
                  units:
                    - {id: "1", floors: 7, roomsPerFloor: 2, area: 92.0}
            osdpBuses:
              - id: bus
                host: 127.0.0.1
                port: 4001
                devices:
                  - {id: north-reader, address: 1}
                  - {id: south-reader, address: 2}
                  - {id: tin-reader, address: 3}
                  - {id: tout-reader, address: 4}
                  - {id: lift-reader, address: 5}
                  - {id: hall-reader, address: 6}
            gates:
              - {id: north-gate, reader: {bus: bus, address: 1}, strikeOutput: 0, pulse: 3s}
              - {id: south-gate, reader: {bus: bus, address: 2}, strikeOutput: 0, openOnFire: false}
              - {id: turnstile-in, reader: {bus: bus, address: 3}, strikeOutput: 0, pulse: 1s}
              - {id: turnstile-out, reader: {bus: bus, address: 4}, strikeOutput: 0, pulse: 1s}
            elevators:
              - id: lift-1-1
                building: "1"
                unit: "1"
                reader: {bus: bus, address: 5}
                floorOutputs: {-1: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7}
                publicFloors: [1]
                enableFor: 10s
                hallCalls:
                  - {id: lift-1-1-hall-1, floor: 1, reader: {bus: bus, address: 6}, output: 0}
            parkingZones:
              - {id: main-lot, capacity: 2, antiPassback: hard}
              - {id: visitor-lot, capacity: 1, antiPassback: soft}
            barriers:
              - {id: east-entry, direction: entry, zone: main-lot, cameraSerial: CAM-1}
              - {id: east-exit, direction: exit, zone: main-lot, cameraSerial: CAM-2}
              - {id: west-entry, direction: entry, zone: visitor-lot, cameraSerial: CAM-3, openOnFire: false}
              - {id: west-exit, direction: exit, zone: visitor-lot, cameraSerial: CAM-4}
            access:
              antiPassbackPairs:
                - {id: lobby, entry: turnstile-in, exit: turnstile-out, mode: hard}
            """;

    static final CredentialKey CARD_R1 = CredentialKey.parse("card:h10301/12/1001");
    static final CredentialKey CARD_R2 = CredentialKey.parse("card:h10301/12/1002");
    static final CredentialKey CARD_R3 = CredentialKey.parse("card:h10301/12/1003");
    static final CredentialKey CARD_S1 = CredentialKey.parse("card:h10301/12/2001");
    static final CredentialKey CARD_S2 = CredentialKey.parse("card:h10301/12/2002");
    static final CredentialKey CARD_M1 = CredentialKey.parse("card:h10301/12/3001");
    static final CredentialKey CARD_N1 = CredentialKey.parse("card:h10301/12/3002");
    static final CredentialKey CARD_L1 = CredentialKey.parse("card:h10301/12/3003");
    static final CredentialKey CARD_SUSPENDED_HOLDER = CredentialKey.parse("card:h10301/12/4001");
    static final CredentialKey CARD_LOST = CredentialKey.parse("card:h10301/12/4002");
    static final CredentialKey CARD_REVOKED = CredentialKey.parse("card:h10301/12/4003");
    static final CredentialKey CARD_SUSPENDED = CredentialKey.parse("card:h10301/12/4004");
    static final CredentialKey CARD_WINDOWED = CredentialKey.parse("card:h10301/12/4005");
    static final CredentialKey RAW_R1 = CredentialKey.parse("raw:30/ABCDEF04");
    static final CredentialKey CARD_UNKNOWN = CredentialKey.parse("card:h10301/12/9999");
    static final CredentialKey CODE_V1 = CredentialKey.parse("code:483920");
    static final CredentialKey CODE_V3 = CredentialKey.parse("code:777001");
    static final CredentialKey CODE_REVOKED = CredentialKey.parse("code:777002");
    static final CredentialKey CARD_V4 = CredentialKey.parse("card:h10301/7/777");
    static final CredentialKey PLATE_V2 = CredentialKey.parse("plate:京B12345");
    static final CredentialKey PLATE_P1 = CredentialKey.parse("plate:京A12345");
    static final CredentialKey PLATE_P2 = CredentialKey.parse("plate:京AD12345");
    static final CredentialKey PLATE_P3 = CredentialKey.parse("plate:沪C55555");
    static final CredentialKey PLATE_P4 = CredentialKey.parse("plate:粤B12345D");
    static final CredentialKey PLATE_EXPIRED = CredentialKey.parse("plate:苏E88888");
    static final CredentialKey PLATE_S1 = CredentialKey.parse("plate:京C99999");

    private AccessFixture() {}

    /**
     * The fixture compound as a whole gateway: state in {@code stateDir}, the operator listener on a
     * free port, the others off, the upstream broker at {@code mqttUri} and updates signed with
     * {@code publicKey}.
     */
    public static GatewayConfig gatewayConfig(Path stateDir, String mqttUri, String publicKey) {
        String yaml = CONFIG
                + """
                listeners:
                  http: {bind: 127.0.0.1, port: 0}
                  cameras: {enabled: false}
                  deviceMqtt: {enabled: false}
                upstream:
                  mqtt:
                    uri: %s
                    clientId: fixture-gw
                journal:
                  synchronous: normal
                  batchWindow: 1ms
                acl:
                  publicKey: %s
                """
                        .formatted(mqttUri, publicKey);
        try {
            return ConfigLoader.parse(stateDir.resolve("fixture.yaml"), yaml).withStateDir(stateDir);
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    public static GatewayConfig config() {
        return config(CONFIG);
    }

    /** The fixture compound with its YAML changed by the test, e.g. a gate pair's position expiry. */
    public static GatewayConfig config(String yaml) {
        try {
            return ConfigLoader.parse(Path.of("fixture.yaml"), yaml);
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    public static SiteLayout site() {
        return SiteLayout.of(config());
    }

    public static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(ZONE).toInstant();
    }

    static AccessList list() {
        return list(7);
    }

    static AccessList list(long version) {
        Map<String, Holder> holders = new LinkedHashMap<>();
        holder(holders, "r1", HolderKind.RESIDENT, "1-1-702", List.of("residents"), Validity.ALWAYS, Status.ACTIVE);
        holder(holders, "r2", HolderKind.RESIDENT, "3-1-301", List.of("residents"), Validity.ALWAYS, Status.ACTIVE);
        holder(holders, "r3", HolderKind.RESIDENT, "1-1-201", List.of(), Validity.ALWAYS, Status.ACTIVE);
        holder(holders, "s1", HolderKind.STAFF, null, List.of("staff-all"), Validity.ALWAYS, Status.ACTIVE);
        holders.put(
                "s2",
                new Holder(
                        "s2",
                        HolderKind.STAFF,
                        null,
                        List.of("office"),
                        Validity.ALWAYS,
                        Status.ACTIVE,
                        CardRules.pinHash("s2", "4321")));
        holder(holders, "m1", HolderKind.MAINTENANCE, null, List.of("cleaners"), Validity.ALWAYS, Status.ACTIVE);
        holder(holders, "n1", HolderKind.STAFF, null, List.of("night-guard"), Validity.ALWAYS, Status.ACTIVE);
        holder(holders, "l1", HolderKind.MAINTENANCE, null, List.of("late-crew"), Validity.ALWAYS, Status.ACTIVE);
        holder(holders, "x1", HolderKind.RESIDENT, "1-1-601", List.of("residents"), Validity.ALWAYS, Status.SUSPENDED);
        holder(
                holders,
                "h-windowed",
                HolderKind.RESIDENT,
                "1-1-502",
                List.of("residents"),
                new Validity(at("2026-03-02T00:00"), at("2026-03-03T00:00")),
                Status.ACTIVE);

        Map<String, Credential> credentials = new LinkedHashMap<>();
        credential(credentials, "c-r1", "r1", CARD_R1, Validity.ALWAYS, Status.ACTIVE);
        credential(credentials, "c-r1-raw", "r1", RAW_R1, Validity.ALWAYS, Status.ACTIVE);
        credential(credentials, "c-r2", "r2", CARD_R2, Validity.ALWAYS, Status.ACTIVE);
        credential(credentials, "c-r3", "r3", CARD_R3, Validity.ALWAYS, Status.ACTIVE);
        credential(credentials, "c-s1", "s1", CARD_S1, Validity.ALWAYS, Status.ACTIVE);
        credential(credentials, "c-s1-van", "s1", PLATE_S1, Validity.ALWAYS, Status.ACTIVE);
        credential(credentials, "c-s2", "s2", CARD_S2, Validity.ALWAYS, Status.ACTIVE);
        credential(credentials, "c-m1", "m1", CARD_M1, Validity.ALWAYS, Status.ACTIVE);
        credential(credentials, "c-n1", "n1", CARD_N1, Validity.ALWAYS, Status.ACTIVE);
        credential(credentials, "c-l1", "l1", CARD_L1, Validity.ALWAYS, Status.ACTIVE);
        credential(credentials, "c-x1", "x1", CARD_SUSPENDED_HOLDER, Validity.ALWAYS, Status.ACTIVE);
        credential(credentials, "c-lost", "r1", CARD_LOST, Validity.ALWAYS, Status.LOST);
        credential(credentials, "c-revoked", "r1", CARD_REVOKED, Validity.ALWAYS, Status.REVOKED);
        credential(credentials, "c-suspended", "r1", CARD_SUSPENDED, Validity.ALWAYS, Status.SUSPENDED);
        credential(
                credentials,
                "c-windowed",
                "r1",
                CARD_WINDOWED,
                new Validity(at("2026-03-02T08:00"), at("2026-03-02T18:00")),
                Status.ACTIVE);
        credential(
                credentials,
                "c-hw",
                "h-windowed",
                CredentialKey.parse("card:h10301/12/4006"),
                Validity.ALWAYS,
                Status.ACTIVE);

        Map<String, VisitorPass> passes = new LinkedHashMap<>();
        Validity day = new Validity(at("2026-03-02T09:00"), at("2026-03-02T18:00"));
        pass(passes, "v1", "1-1-702", CODE_V1, day, Set.of("north-gate", "lift-1-1"), List.of(), 1, Status.ACTIVE);
        pass(
                passes,
                "v2",
                "1-1-702",
                PLATE_V2,
                day,
                Set.of("east-entry", "east-exit", "west-entry", "west-exit"),
                List.of(),
                2,
                Status.ACTIVE);
        pass(passes, "v3", "3-1-301", CODE_V3, day, Set.of("north-gate", "lift-1-1"), List.of(), 0, Status.ACTIVE);
        pass(
                passes,
                "v4",
                "1-1-702",
                CARD_V4,
                day,
                Set.of("north-gate", "turnstile-in", "turnstile-out"),
                List.of(),
                0,
                Status.ACTIVE);
        pass(passes, "v-revoked", "1-1-702", CODE_REVOKED, day, Set.of("north-gate"), List.of(), 1, Status.REVOKED);

        Map<String, VehiclePermit> permits = new LinkedHashMap<>();
        permit(permits, "p1", "r1", PLATE_P1, "main-lot", Space.OWNED, true, Validity.ALWAYS, Status.ACTIVE);
        permit(
                permits,
                "p2",
                "r2",
                PLATE_P2,
                "main-lot",
                Space.RENTED,
                false,
                new Validity(null, at("2026-04-01T00:00")),
                Status.ACTIVE);
        permit(permits, "p3", "r3", PLATE_P3, "visitor-lot", Space.NONE, false, Validity.ALWAYS, Status.ACTIVE);
        permit(permits, "p4", "r3", PLATE_P4, "main-lot", Space.NONE, false, Validity.ALWAYS, Status.ACTIVE);
        permit(
                permits,
                "p-expired",
                "r2",
                PLATE_EXPIRED,
                "main-lot",
                Space.RENTED,
                true,
                new Validity(null, at("2026-03-01T00:00")),
                Status.ACTIVE);

        Map<String, AccessGroup> groups = new LinkedHashMap<>();
        group(
                groups,
                "residents",
                Set.of("north-gate", "south-gate", "turnstile-in", "turnstile-out", "lift-1-1"),
                null,
                Map.of(),
                Set.of());
        group(
                groups,
                "staff-all",
                Set.of(
                        "north-gate",
                        "south-gate",
                        "turnstile-in",
                        "turnstile-out",
                        "lift-1-1",
                        "east-entry",
                        "east-exit"),
                null,
                Map.of(),
                Set.of());
        group(
                groups,
                "office",
                Set.of("north-gate", "lift-1-1"),
                "office",
                Map.of("lift-1-1", List.of(1, 2)),
                Set.of("north-gate"));
        group(groups, "cleaners", Set.of("north-gate"), "cleaning", Map.of(), Set.of());
        group(groups, "night-guard", Set.of("north-gate"), "night", Map.of(), Set.of());
        group(groups, "late-crew", Set.of("north-gate"), "late", Map.of(), Set.of());

        Map<String, Schedule> schedules = new LinkedHashMap<>();
        Map<DayOfWeek, List<TimeWindow>> office = new EnumMap<>(DayOfWeek.class);
        Map<DayOfWeek, List<TimeWindow>> late = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : List.of(
                DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            office.put(d, List.of(TimeWindow.parse("08:00-12:00"), TimeWindow.parse("13:00-18:00")));
            late.put(d, List.of(TimeWindow.parse("20:00-02:00")));
        }
        schedules.put("office", new Schedule("office", office, List.of()));
        schedules.put("late", new Schedule("late", late, List.of()));
        Map<DayOfWeek, List<TimeWindow>> night = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            night.put(d, List.of(TimeWindow.parse("22:00-06:00")));
        }
        schedules.put("night", new Schedule("night", night, null));
        Map<DayOfWeek, List<TimeWindow>> cleaning = new EnumMap<>(DayOfWeek.class);
        cleaning.put(DayOfWeek.SATURDAY, List.of(TimeWindow.parse("09:00-11:00")));
        cleaning.put(DayOfWeek.SUNDAY, List.of(TimeWindow.parse("09:00-11:00")));
        schedules.put("cleaning", new Schedule("cleaning", cleaning, List.of(TimeWindow.parse("09:00-10:00"))));

        List<LocalDate> holidays = new ArrayList<>();
        for (int d = 1; d <= 7; d++) {
            holidays.add(LocalDate.of(2026, 10, d));
        }
        HolidayCalendar calendar = new HolidayCalendar(
                Set.copyOf(holidays),
                Map.of(LocalDate.of(2026, 9, 27), DayOfWeek.MONDAY, LocalDate.of(2026, 10, 10), DayOfWeek.FRIDAY));
        return new AccessList(
                version, at("2026-03-01T00:00"), holders, credentials, passes, permits, groups, schedules, calendar);
    }

    static AccessEngine engine() {
        return engine(list());
    }

    static AccessEngine engine(AccessList list) {
        return new AccessEngine(AccessSnapshot.build(list, site()), new AccessState());
    }

    private static void holder(
            Map<String, Holder> m, String id, HolderKind k, String hh, List<String> groups, Validity v, Status s) {
        m.put(id, new Holder(id, k, hh, groups, v, s, null));
    }

    private static void credential(
            Map<String, Credential> m, String id, String holder, CredentialKey key, Validity v, Status s) {
        m.put(id, new Credential(id, holder, key, v, s));
    }

    private static void pass(
            Map<String, VisitorPass> m,
            String id,
            String hh,
            CredentialKey key,
            Validity v,
            Set<String> devices,
            List<Integer> floors,
            int uses,
            Status s) {
        m.put(id, new VisitorPass(id, hh, key, v, devices, floors, uses, s));
    }

    private static void permit(
            Map<String, VehiclePermit> m,
            String id,
            String holder,
            CredentialKey plate,
            String zone,
            Space space,
            boolean reserved,
            Validity v,
            Status s) {
        m.put(id, new VehiclePermit(id, holder, plate, zone, space, "S-" + id, reserved, v, s));
    }

    private static void group(
            Map<String, AccessGroup> m,
            String id,
            Set<String> devices,
            String schedule,
            Map<String, List<Integer>> floors,
            Set<String> pinAt) {
        m.put(id, new AccessGroup(id, devices, schedule, floors, pinAt));
    }
}
