package io.courtyard.access;

import static io.courtyard.access.AccessFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance 1: one table of requests against the fixture compound covering every reason code,
 * schedule edges (window boundaries, midnight, holidays and make-up days), validity edges, pass
 * exhaustion, anti-passback hard and soft, occupancy, emergency modes and the elevator floor sets
 * of residents, visitors and staff. Each row runs on a fresh engine; {@code after} rows run first
 * and must be granted (they set up the stateful rules).
 */
class DecisionTableTest {
    private static final String MON_10 = "2026-03-02T10:00";

    /** One row: a request, the state it meets, and what must come out. */
    static final class Row {
        final String name;
        final String device;
        final CredentialKey credential;
        final Instant at;
        String pin;
        AccessRequest.Entry entry = AccessRequest.Entry.READ;
        int failedCodes;
        boolean hallCall;
        final List<Row> before = new ArrayList<>();
        final Set<EmergencyMode> modes = EnumSet.noneOf(EmergencyMode.class);
        boolean emptyList;
        Reason reason;
        List<Integer> floors;
        String rule;

        Row(String name, String device, CredentialKey credential, String at) {
            this.name = name;
            this.device = device;
            this.credential = credential;
            this.at = at(at);
        }

        Row pin(String p) {
            pin = p;
            return this;
        }

        /** Typed on the device's keypad (a visitor's code). */
        Row typed() {
            entry = AccessRequest.Entry.TYPED;
            return this;
        }

        /** The card whose PIN prompt ran out. */
        Row pinTimedOut() {
            entry = AccessRequest.Entry.PIN_TIMED_OUT;
            return this;
        }

        /** {@code n} unknown codes were typed at the device just before, each counted by its keypad. */
        Row afterFailedCodes(int n) {
            failedCodes = n;
            return this;
        }

        /** The grant enables a landing's hall call button. */
        Row hallCall() {
            hallCall = true;
            return this;
        }

        /** A granted request that happens first, in order. */
        Row after(String device, CredentialKey c, String at) {
            before.add(new Row("setup", device, c, at));
            return this;
        }

        Row in(EmergencyMode m) {
            modes.add(m);
            return this;
        }

        Row withoutList() {
            emptyList = true;
            return this;
        }

        Row expect(Reason r) {
            reason = r;
            return this;
        }

        Row floors(Integer... f) {
            floors = List.of(f);
            return this;
        }

        Row rule(String r) {
            rule = r;
            return this;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Row row(String name, String device, CredentialKey c, String at) {
        return new Row(name, device, c, at);
    }

    static Stream<Row> rows() {
        return Stream.of(
                // Granted, and the actuation each kind of device gets.
                row("resident card at a gate", "north-gate", CARD_R1, MON_10)
                        .expect(Reason.GRANTED)
                        .rule("group residents (always)"),
                row("raw bits of an unknown format match a raw credential", "north-gate", RAW_R1, MON_10)
                        .expect(Reason.GRANTED),
                row("resident at own elevator: public floor and own floor", "lift-1-1", CARD_R1, MON_10)
                        .expect(Reason.GRANTED)
                        .floors(1, 7),
                row("staff without a floor list: every floor", "lift-1-1", CARD_S1, MON_10)
                        .expect(Reason.GRANTED)
                        .floors(-1, 1, 2, 3, 4, 5, 6, 7),
                row("staff group with floors: just those", "lift-1-1", CARD_S2, MON_10)
                        .expect(Reason.GRANTED)
                        .floors(1, 2),
                row("visitor: the host's floor only", "lift-1-1", CODE_V1, MON_10)
                        .expect(Reason.GRANTED)
                        .floors(7),
                row("visitor rides after the single entry is used", "lift-1-1", CODE_V1, MON_10)
                        .after("north-gate", CODE_V1, "2026-03-02T09:30")
                        .expect(Reason.GRANTED)
                        .floors(7),
                row("resident permit at the entry barrier", "east-entry", PLATE_P1, MON_10)
                        .expect(Reason.GRANTED)
                        .rule("permit p1 (owned, reserved space in zone main-lot)"),
                row("new-energy plate permit", "east-entry", PLATE_P2, MON_10).expect(Reason.GRANTED),
                row("large new-energy plate permit", "east-entry", PLATE_P4, MON_10)
                        .expect(Reason.GRANTED),
                row("staff van by its plate credential", "east-entry", PLATE_S1, MON_10)
                        .expect(Reason.GRANTED),
                row("visitor car within its window", "east-entry", PLATE_V2, MON_10)
                        .expect(Reason.GRANTED),

                // Unknown things and no list.
                row("no list applied yet", "north-gate", CARD_R1, MON_10)
                        .withoutList()
                        .expect(Reason.NO_ACCESS_LIST),
                row("device not configured", "back-door", CARD_R1, MON_10).expect(Reason.UNKNOWN_DEVICE),
                row("nothing readable presented", "east-entry", null, MON_10).expect(Reason.INVALID_CREDENTIAL),
                row("card not in the list", "north-gate", CARD_UNKNOWN, MON_10)
                        .expect(Reason.UNKNOWN_CREDENTIAL)
                        .rule("card:h10301/**** is not in access list version 7"),

                // Status.
                row("credential suspended", "north-gate", CARD_SUSPENDED, MON_10)
                        .expect(Reason.SUSPENDED)
                        .rule("credential c-suspended is suspended"),
                row("holder suspended", "north-gate", CARD_SUSPENDED_HOLDER, MON_10)
                        .expect(Reason.SUSPENDED)
                        .rule("holder x1 is suspended"),
                row("card reported lost", "north-gate", CARD_LOST, MON_10).expect(Reason.LOST),
                row("card revoked", "north-gate", CARD_REVOKED, MON_10).expect(Reason.REVOKED),
                row("pass revoked", "north-gate", CODE_REVOKED, MON_10).expect(Reason.REVOKED),

                // Validity edges: from inclusive, to exclusive.
                row("credential one second before its validity", "north-gate", CARD_WINDOWED, "2026-03-02T07:59:59")
                        .expect(Reason.NOT_YET_VALID),
                row("credential at the first instant of its validity", "north-gate", CARD_WINDOWED, "2026-03-02T08:00")
                        .expect(Reason.GRANTED),
                row(
                                "credential in the last second of its validity",
                                "north-gate",
                                CARD_WINDOWED,
                                "2026-03-02T17:59:59.999")
                        .expect(Reason.GRANTED),
                row("credential at the end of its validity", "north-gate", CARD_WINDOWED, "2026-03-02T18:00")
                        .expect(Reason.EXPIRED),
                row(
                                "holder past its validity",
                                "north-gate",
                                CredentialKey.parse("card:h10301/12/4006"),
                                "2026-03-03T00:00")
                        .expect(Reason.EXPIRED)
                        .rule("holder h-windowed"),
                row("visitor before the window", "north-gate", CODE_V1, "2026-03-02T08:59:59")
                        .expect(Reason.NOT_YET_VALID),
                row("visitor after the window", "north-gate", CODE_V1, "2026-03-02T18:00")
                        .expect(Reason.EXPIRED),
                row("rented space past its expiry", "east-entry", PLATE_P2, "2026-04-01T08:00")
                        .expect(Reason.EXPIRED)
                        .rule("permit p2 (rented space)"),
                row("permit expired yesterday", "east-entry", PLATE_EXPIRED, MON_10)
                        .expect(Reason.EXPIRED),

                // Schedules: window boundaries.
                row("office: before opening", "north-gate", CARD_S2, "2026-03-02T07:59:59")
                        .pin("4321")
                        .expect(Reason.OUTSIDE_SCHEDULE)
                        .rule("none is open at 2026-03-02T07:59:59 (monday [08:00-12:00, 13:00-18:00])"),
                row("office: at opening", "north-gate", CARD_S2, "2026-03-02T08:00")
                        .pin("4321")
                        .expect(Reason.GRANTED),
                row("office: lunch break starts at 12:00", "north-gate", CARD_S2, "2026-03-02T12:00")
                        .pin("4321")
                        .expect(Reason.OUTSIDE_SCHEDULE),
                row("office: last second", "north-gate", CARD_S2, "2026-03-02T17:59:59")
                        .pin("4321")
                        .expect(Reason.GRANTED),
                row("office: closed at 18:00", "north-gate", CARD_S2, "2026-03-02T18:00")
                        .pin("4321")
                        .expect(Reason.OUTSIDE_SCHEDULE),
                row("office: closed on Saturday", "north-gate", CARD_S2, "2026-03-07T10:00")
                        .pin("4321")
                        .expect(Reason.OUTSIDE_SCHEDULE),
                // Holidays and their exceptions.
                row("office: closed on a holiday Thursday", "north-gate", CARD_S2, "2026-10-01T10:00")
                        .pin("4321")
                        .expect(Reason.OUTSIDE_SCHEDULE)
                        .rule("(holiday [])"),
                row("office: open on a make-up Sunday", "north-gate", CARD_S2, "2026-09-27T10:00")
                        .pin("4321")
                        .expect(Reason.GRANTED),
                row("office: open on a make-up Saturday", "north-gate", CARD_S2, "2026-10-10T10:00")
                        .pin("4321")
                        .expect(Reason.GRANTED),
                row("cleaning: holiday windows replace the weekday's", "north-gate", CARD_M1, "2026-10-03T09:30")
                        .expect(Reason.GRANTED),
                row("cleaning: holiday window closed at 10:00", "north-gate", CARD_M1, "2026-10-03T10:00")
                        .expect(Reason.OUTSIDE_SCHEDULE),
                row("cleaning: an ordinary Saturday keeps 09:00-11:00", "north-gate", CARD_M1, "2026-03-07T10:30")
                        .expect(Reason.GRANTED),
                // Midnight.
                row("night: before the window", "north-gate", CARD_N1, "2026-03-02T21:59:59")
                        .expect(Reason.OUTSIDE_SCHEDULE),
                row("night: opens at 22:00", "north-gate", CARD_N1, "2026-03-02T22:00")
                        .expect(Reason.GRANTED),
                row("night: just after midnight", "north-gate", CARD_N1, "2026-03-03T00:00")
                        .expect(Reason.GRANTED),
                row("night: last second before 06:00", "north-gate", CARD_N1, "2026-03-03T05:59:59")
                        .expect(Reason.GRANTED),
                row("night: closes at 06:00", "north-gate", CARD_N1, "2026-03-03T06:00")
                        .expect(Reason.OUTSIDE_SCHEDULE),
                row(
                                "night: a schedule without holiday windows ignores holidays",
                                "north-gate",
                                CARD_N1,
                                "2026-10-01T23:00")
                        .expect(Reason.GRANTED),
                row(
                                "late crew: Wednesday night window crosses into a holiday",
                                "north-gate",
                                CARD_L1,
                                "2026-10-01T01:00")
                        .expect(Reason.GRANTED),
                row("late crew: closed on the holiday evening", "north-gate", CARD_L1, "2026-10-01T23:00")
                        .expect(Reason.OUTSIDE_SCHEDULE),
                row("late crew: no crossing window from a holiday", "north-gate", CARD_L1, "2026-10-02T01:00")
                        .expect(Reason.OUTSIDE_SCHEDULE),
                row("late crew: Friday night runs into Saturday", "north-gate", CARD_L1, "2026-03-07T01:59:59")
                        .expect(Reason.GRANTED),
                row("late crew: Saturday night has no window", "north-gate", CARD_L1, "2026-03-08T01:00")
                        .expect(Reason.OUTSIDE_SCHEDULE),

                // Permissions and floors.
                row("resident without groups", "north-gate", CARD_R3, MON_10)
                        .expect(Reason.NO_PERMISSION)
                        .rule("no group of holder r3 [] includes north-gate"),
                row("staff office group not at the turnstile", "turnstile-in", CARD_S2, MON_10)
                        .expect(Reason.NO_PERMISSION),
                row("pass does not list the device", "south-gate", CODE_V1, MON_10)
                        .expect(Reason.NO_PERMISSION),
                row("a permit does not open a gate", "north-gate", PLATE_P1, MON_10)
                        .expect(Reason.NO_PERMISSION),
                row("permit of another zone", "east-entry", PLATE_P3, MON_10)
                        .expect(Reason.NO_PERMISSION)
                        .rule("permit p3 is for zone visitor-lot"),
                // Public floors are the unit's residents', not every resident's (README: Elevator floors).
                row("resident of another unit: not even the public floor", "lift-1-1", CARD_R2, MON_10)
                        .expect(Reason.NO_FLOOR),
                row("visitor of another unit: no floor on this elevator", "lift-1-1", CODE_V3, MON_10)
                        .expect(Reason.NO_FLOOR),

                // Landing readers (呼梯): whoever the car takes somewhere may call it.
                row("resident at the lobby's hall call reader", "lift-1-1-hall-1", CARD_R1, MON_10)
                        .expect(Reason.GRANTED)
                        .hallCall(),
                row("visitor of the unit calls the elevator", "lift-1-1-hall-1", CODE_V1, MON_10)
                        .expect(Reason.GRANTED)
                        .hallCall(),
                row("resident of another unit cannot call it", "lift-1-1-hall-1", CARD_R2, MON_10)
                        .expect(Reason.NO_FLOOR),
                row("a card not in the list cannot call it", "lift-1-1-hall-1", CARD_UNKNOWN, MON_10)
                        .expect(Reason.UNKNOWN_CREDENTIAL),
                row("staff whose group lists the elevator call it too", "lift-1-1-hall-1", CARD_S2, MON_10)
                        .expect(Reason.GRANTED)
                        .hallCall(),

                // Keypads.
                row("a typed code shorter than the site's minimum", "north-gate", CredentialKey.code("4839"), MON_10)
                        .typed()
                        .expect(Reason.INVALID_CREDENTIAL)
                        .rule("shorter than this site's 6 characters"),
                row("keys that make no code", "north-gate", null, MON_10)
                        .typed()
                        .expect(Reason.INVALID_CREDENTIAL)
                        .rule("the keys typed make no visitor code"),
                row("an unknown typed code", "north-gate", CredentialKey.code("000000"), MON_10)
                        .typed()
                        .expect(Reason.UNKNOWN_CREDENTIAL),
                row("a locked keypad refuses a right code unread", "north-gate", CODE_V1, MON_10)
                        .typed()
                        .afterFailedCodes(5)
                        .expect(Reason.KEYPAD_LOCKED)
                        .rule("north-gate's keypad is locked until 2026-03-02T02:04:04Z"),
                row("a locked keypad refuses a PIN unread", "north-gate", CARD_S2, MON_10)
                        .pin("4321")
                        .afterFailedCodes(5)
                        .expect(Reason.KEYPAD_LOCKED),
                row("a locked keypad asks no PIN: the card is refused at once", "north-gate", CARD_S2, MON_10)
                        .afterFailedCodes(5)
                        .expect(Reason.KEYPAD_LOCKED),
                row("a locked keypad still passes a card that needs no PIN", "north-gate", CARD_R1, MON_10)
                        .afterFailedCodes(5)
                        .expect(Reason.GRANTED),
                row("four failures do not lock", "north-gate", CODE_V1, MON_10)
                        .typed()
                        .afterFailedCodes(4)
                        .expect(Reason.GRANTED),
                row("another gate's keypad is not locked", "south-gate", CARD_R1, MON_10)
                        .pin("1111")
                        .afterFailedCodes(5)
                        .expect(Reason.GRANTED),

                // PIN.
                row("PIN prompt timed out: refused as such", "north-gate", CARD_S2, MON_10)
                        .pinTimedOut()
                        .expect(Reason.PIN_TIMEOUT)
                        .rule("no PIN was entered in time"),
                row("PIN prompt timed out never grants, even once no PIN is asked", "north-gate", CARD_R1, MON_10)
                        .pinTimedOut()
                        .expect(Reason.PIN_TIMEOUT),
                row("PIN asked, none entered", "north-gate", CARD_S2, MON_10).expect(Reason.PIN_REQUIRED),
                row("wrong PIN", "north-gate", CARD_S2, MON_10).pin("1234").expect(Reason.PIN_WRONG),
                row("right PIN", "north-gate", CARD_S2, MON_10).pin("4321").expect(Reason.GRANTED),
                row("no PIN asked at the elevator", "lift-1-1", CARD_S2, MON_10).expect(Reason.GRANTED),

                // Pass uses.
                row("single-use pass used at the gate", "north-gate", CODE_V1, MON_10)
                        .after("north-gate", CODE_V1, "2026-03-02T09:30")
                        .expect(Reason.PASS_USED_UP),
                row("two-use car pass: third entry refused", "west-entry", PLATE_V2, MON_10)
                        .after("west-entry", PLATE_V2, "2026-03-02T09:10")
                        .after("west-exit", PLATE_V2, "2026-03-02T09:20")
                        .after("west-entry", PLATE_V2, "2026-03-02T09:30")
                        .after("west-exit", PLATE_V2, "2026-03-02T09:40")
                        .expect(Reason.PASS_USED_UP),
                row("exits never use up a pass", "west-exit", PLATE_V2, MON_10)
                        .after("west-entry", PLATE_V2, "2026-03-02T09:10")
                        .after("west-exit", PLATE_V2, "2026-03-02T09:20")
                        .after("west-entry", PLATE_V2, "2026-03-02T09:30")
                        .expect(Reason.GRANTED),
                row("unlimited pass", "north-gate", CARD_V4, MON_10)
                        .after("north-gate", CARD_V4, "2026-03-02T09:10")
                        .after("north-gate", CARD_V4, "2026-03-02T09:20")
                        .expect(Reason.GRANTED),

                // Anti-passback.
                row("hard zone: entering twice", "east-entry", PLATE_P2, MON_10)
                        .after("east-entry", PLATE_P2, "2026-03-02T09:00")
                        .expect(Reason.ANTI_PASSBACK)
                        .rule("hard anti-passback in zone main-lot: already in"),
                row("hard zone: in then out then in", "east-entry", PLATE_P2, MON_10)
                        .after("east-entry", PLATE_P2, "2026-03-02T09:00")
                        .after("east-exit", PLATE_P2, "2026-03-02T09:30")
                        .expect(Reason.GRANTED),
                row("hard zone: leaving twice", "east-exit", PLATE_P2, MON_10)
                        .after("east-entry", PLATE_P2, "2026-03-02T09:00")
                        .after("east-exit", PLATE_P2, "2026-03-02T09:30")
                        .expect(Reason.ANTI_PASSBACK),
                row("hard zone: leaving with no known position is allowed", "east-exit", PLATE_P2, MON_10)
                        .expect(Reason.GRANTED),
                row("soft zone: entering twice is granted and flagged", "west-entry", PLATE_P3, MON_10)
                        .after("west-entry", PLATE_P3, "2026-03-02T09:00")
                        .expect(Reason.ANTI_PASSBACK_FLAGGED)
                        .rule("soft anti-passback in zone visitor-lot: already in, flagged"),
                row("gate pair: through the entry turnstile twice", "turnstile-in", CARD_R1, MON_10)
                        .after("turnstile-in", CARD_R1, "2026-03-02T09:00")
                        .expect(Reason.ANTI_PASSBACK)
                        .rule("gate pair lobby"),
                row("gate pair: in, out, in", "turnstile-in", CARD_R1, MON_10)
                        .after("turnstile-in", CARD_R1, "2026-03-02T09:00")
                        .after("turnstile-out", CARD_R1, "2026-03-02T09:30")
                        .expect(Reason.GRANTED),
                row("gate pair: a visitor's pass is tracked too", "turnstile-out", CARD_V4, MON_10)
                        .after("turnstile-in", CARD_V4, "2026-03-02T09:10")
                        .after("turnstile-out", CARD_V4, "2026-03-02T09:20")
                        .expect(Reason.ANTI_PASSBACK),

                // Occupancy: main-lot holds 2.
                row("zone full: a non-reserved permit is refused", "east-entry", PLATE_P4, MON_10)
                        .after("east-entry", PLATE_P2, "2026-03-02T09:00")
                        .after("east-entry", PLATE_S1, "2026-03-02T09:10")
                        .expect(Reason.ZONE_FULL)
                        .rule("zone main-lot is full (capacity 2)"),
                row("zone full: a visitor is refused", "east-entry", PLATE_V2, MON_10)
                        .after("east-entry", PLATE_P2, "2026-03-02T09:00")
                        .after("east-entry", PLATE_S1, "2026-03-02T09:10")
                        .expect(Reason.ZONE_FULL),
                row("zone full: a reserved space is always admitted", "east-entry", PLATE_P1, MON_10)
                        .after("east-entry", PLATE_P2, "2026-03-02T09:00")
                        .after("east-entry", PLATE_S1, "2026-03-02T09:10")
                        .expect(Reason.RESERVED_OVER_CAPACITY),
                row("zone with a space freed by an exit", "east-entry", PLATE_V2, MON_10)
                        .after("east-entry", PLATE_P2, "2026-03-02T09:00")
                        .after("east-entry", PLATE_S1, "2026-03-02T09:10")
                        .after("east-exit", PLATE_S1, "2026-03-02T09:20")
                        .expect(Reason.GRANTED),

                // Emergency modes.
                row("fire: an unknown card opens a fire gate", "north-gate", CARD_UNKNOWN, MON_10)
                        .in(EmergencyMode.FIRE)
                        .expect(Reason.EMERGENCY_OPEN),
                row("fire: elevator control released, every floor", "lift-1-1", CARD_R2, MON_10)
                        .in(EmergencyMode.FIRE)
                        .expect(Reason.EMERGENCY_OPEN)
                        .floors(-1, 1, 2, 3, 4, 5, 6, 7),
                row("fire: opens even without a list", "east-exit", PLATE_P1, MON_10)
                        .in(EmergencyMode.FIRE)
                        .withoutList()
                        .expect(Reason.EMERGENCY_OPEN),
                row("fire: an unreadable read is no one's grant, and says the gate is open", "north-gate", null, MON_10)
                        .in(EmergencyMode.FIRE)
                        .expect(Reason.INVALID_CREDENTIAL)
                        .rule("nothing readable was presented; fire mode since 2026-03-02T02:00:00Z: north-gate is held"
                                + " open for everyone"),
                row("fire: an unreadable read in a released car", "lift-1-1", null, MON_10)
                        .in(EmergencyMode.FIRE)
                        .expect(Reason.INVALID_CREDENTIAL)
                        .rule("lift-1-1 has card control released for everyone"),
                row(
                                "fire: a landing reader opens its call button for everyone",
                                "lift-1-1-hall-1",
                                CARD_UNKNOWN,
                                MON_10)
                        .in(EmergencyMode.FIRE)
                        .expect(Reason.EMERGENCY_OPEN)
                        .hallCall(),
                row("fire: a gate not configured to open decides as usual", "south-gate", CARD_UNKNOWN, MON_10)
                        .in(EmergencyMode.FIRE)
                        .expect(Reason.UNKNOWN_CREDENTIAL),
                row("fire beats lockdown at a fire gate", "north-gate", CARD_R1, MON_10)
                        .in(EmergencyMode.FIRE)
                        .in(EmergencyMode.LOCKDOWN)
                        .expect(Reason.EMERGENCY_OPEN),
                row("lockdown: a resident is refused", "north-gate", CARD_R1, MON_10)
                        .in(EmergencyMode.LOCKDOWN)
                        .expect(Reason.LOCKDOWN),
                row("lockdown: a visitor is refused", "north-gate", CODE_V1, MON_10)
                        .in(EmergencyMode.LOCKDOWN)
                        .expect(Reason.LOCKDOWN),
                row("lockdown: a resident's car is refused", "east-entry", PLATE_P1, MON_10)
                        .in(EmergencyMode.LOCKDOWN)
                        .expect(Reason.LOCKDOWN),
                row("lockdown: staff pass", "north-gate", CARD_S1, MON_10)
                        .in(EmergencyMode.LOCKDOWN)
                        .expect(Reason.GRANTED),
                row("lockdown: a revoked card still says revoked", "north-gate", CARD_REVOKED, MON_10)
                        .in(EmergencyMode.LOCKDOWN)
                        .expect(Reason.REVOKED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(Row row) {
        AccessEngine engine = engine(row.emptyList ? AccessList.EMPTY : list());
        Emergencies emergencies = new Emergencies(
                engine.state(),
                site(),
                d -> java.util.concurrent.CompletableFuture.completedFuture(null),
                java.time.Clock.fixed(row.at, ZONE));
        row.modes.forEach(m -> emergencies.raise(m, "test"));
        for (Row b : row.before) {
            Decision d = engine.decide(new AccessRequest(b.device, b.credential, null, b.at));
            assertTrue(d.granted(), () -> "setup request " + b.device + " " + b.credential + " was refused: " + d);
        }
        for (int i = 0; i < row.failedCodes; i++) {
            AccessRequest guess =
                    AccessRequest.typed("north-gate", CredentialKey.code("90000" + i), row.at.minusSeconds(60 - i));
            Decision d = engine.decide(guess);
            assertEquals(Reason.UNKNOWN_CREDENTIAL, d.reason());
            engine.keypads().record(guess, d, site().keypad());
        }

        AccessRequest request = new AccessRequest(row.device, row.credential, row.pin, row.at, row.entry);
        Decision explained = engine.explain(request);
        Decision d = engine.decide(request);

        assertEquals(row.reason, d.reason(), d::toString);
        assertEquals(d.reason(), explained.reason(), "explain agrees with decide");
        assertEquals(d.rule(), explained.rule());
        assertEquals(row.reason.grants(), !(d.actuation() instanceof Actuation.None), "a grant actuates, a deny not");
        if (row.hallCall) {
            assertEquals(new Actuation.HallCall(1, 0, java.time.Duration.ofSeconds(10)), d.actuation());
        }
        if (row.floors != null) {
            assertEquals(row.floors, ((Actuation.Floors) d.actuation()).floors(), d::toString);
        }
        if (row.rule != null) {
            assertTrue(d.rule().contains(row.rule), () -> "rule '" + d.rule() + "' should contain '" + row.rule + "'");
        }
    }

    @Test
    void theTableCoversEveryReasonCode() {
        Set<Reason> covered =
                rows().map(r -> r.reason).collect(Collectors.toCollection(() -> EnumSet.noneOf(Reason.class)));
        // Plate reads have their own table, PlateDecisionTest: only a camera's read has a confidence.
        covered.add(Reason.LOW_CONFIDENCE);
        // The engine never says it: the access service does, when the journal fails a pass's entry.
        covered.add(Reason.NOT_RECORDED);

        assertEquals(
                EnumSet.allOf(Reason.class),
                covered,
                "reasons without a row: " + EnumSet.complementOf(EnumSet.copyOf(covered)));
    }
}
