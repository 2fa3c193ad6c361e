package io.courtyard.access;

import static io.courtyard.access.AccessFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.config.AccessConfig.Keypad;
import io.courtyard.journal.event.EventKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Medium 4, second half: guessing at a keypad is limited per reader — wrong PINs and unknown codes
 * lock it, a lockout raises an alarm, a locked keypad refuses even a right code unread, and cards
 * that need no PIN still pass.
 */
@Timeout(60)
class KeypadLockoutTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant MON_10 = at("2026-03-02T10:00");
    private static final Keypad POLICY = Keypad.DEFAULTS;

    @TempDir
    Path dir;

    private static AccessRequest typed(String code, Instant at) {
        return AccessRequest.typed("north-gate", CredentialKey.code(code), at);
    }

    @Test
    void fiveWrongEntriesLockTheReaderRaiseOneAlarmAndRefuseEvenTheRightCodeUnread() throws Exception {
        try (AccessServiceRig rig = new AccessServiceRig(dir, MON_10)) {
            AccessService s = rig.service;
            for (int i = 0; i < 4; i++) {
                assertThat(s.decide(typed("58213" + i, MON_10.plusSeconds(i))).reason())
                        .isEqualTo(Reason.UNKNOWN_CREDENTIAL);
            }
            // The fifth is a wrong PIN for a card that asks for one: PINs and codes count together.
            assertThat(s.decide(new AccessRequest("north-gate", CARD_S2, "7319", MON_10.plusSeconds(4)))
                            .reason())
                    .isEqualTo(Reason.PIN_WRONG);

            Decision right = s.decide(typed("483920", MON_10.plusSeconds(5)));
            Decision pin = s.decide(new AccessRequest("north-gate", CARD_S2, "4321", MON_10.plusSeconds(6)));
            Decision card = s.decide(AccessRequest.of("north-gate", CARD_R1, MON_10.plusSeconds(7)));
            Decision elsewhere = s.decide(AccessRequest.typed("lift-1-1", CODE_V1, MON_10.plusSeconds(8)));

            assertThat(right.reason()).as("the right code, refused unread").isEqualTo(Reason.KEYPAD_LOCKED);
            assertThat(s.state().uses("v1")).as("and its entry not spent").isZero();
            assertThat(pin.reason()).as("the right PIN too").isEqualTo(Reason.KEYPAD_LOCKED);
            assertThat(card.reason()).as("a card that needs no PIN still opens").isEqualTo(Reason.GRANTED);
            assertThat(elsewhere.reason()).as("another reader is not locked").isEqualTo(Reason.GRANTED);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> rig.events(EventKind.ALARM).size() == 1);
            List<String[]> alarms = rig.events(EventKind.ALARM);
            assertThat(alarms.get(0)[0]).isEqualTo("north-gate");
            JsonNode a = JSON.readTree(alarms.get(0)[1]);
            assertThat(a.path("alarm").asText()).isEqualTo("keypad-locked");
            assertThat(a.path("failures").asInt()).isEqualTo(5);
            assertThat(a.path("lastReason").asText()).isEqualTo("pin-wrong");
            assertThat(a.path("lockedUntil").asText())
                    .isEqualTo(MON_10.plusSeconds(4).plus(POLICY.lockout()).toString());
            assertThat(alarms.get(0)[1]).doesNotContain("7319", "58213");

            Instant after = MON_10.plusSeconds(4).plus(POLICY.lockout());
            assertThat(s.decide(typed("483920", after)).reason())
                    .as("open again once the lockout ran out")
                    .isEqualTo(Reason.GRANTED);
        }
    }

    @Test
    void aPassWhoseCodeIsShorterThanTheSitesMinimumIsLeftOutAndNamed() {
        AccessList base = list();
        java.util.Map<String, VisitorPass> passes = new java.util.HashMap<>(base.passes());
        VisitorPass v1 = passes.get("v1");
        passes.put(
                "v-short",
                new VisitorPass(
                        "v-short",
                        v1.household(),
                        CredentialKey.code("4839"),
                        v1.window(),
                        v1.devices(),
                        v1.floors(),
                        0,
                        Status.ACTIVE));
        AccessList list = new AccessList(
                8,
                base.issuedAt(),
                base.holders(),
                base.credentials(),
                passes,
                base.permits(),
                base.groups(),
                base.schedules(),
                base.calendar());

        AccessSnapshot snap = AccessSnapshot.build(list, site());

        assertThat(snap.warnings()).anySatisfy(w -> assertThat(w)
                .contains("pass v-short", "shorter than access.keypad.minCodeLength (6)"));
        AccessEngine e = new AccessEngine(snap, new AccessState());
        assertThat(e.decide(AccessRequest.of("north-gate", CredentialKey.code("4839"), MON_10))
                        .reason())
                .as("not even scanned: anyone can type four digits")
                .isEqualTo(Reason.UNKNOWN_CREDENTIAL);
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        KeypadGuard g = new KeypadGuard();
        Instant t = MON_10;
        for (int i = 0; i < 4; i++) {
            assertThat(fail(g, t.plusSeconds(i))).isNull();
        }
        Instant later = t.plus(POLICY.window()).plusSeconds(3);
        assertThat(fail(g, later)).as("three of the four are out of the window").isNull();
        assertThat(g.lockedUntil("north-gate", later)).isNull();
    }

    @Test
    void lockoutsDoubleUpToTheMaximumAndAKeypadGrantForgivesThem() {
        KeypadGuard g = new KeypadGuard();
        Instant t = MON_10;
        Duration[] expected = {
            Duration.ofMinutes(5),
            Duration.ofMinutes(10),
            Duration.ofMinutes(20),
            Duration.ofMinutes(40),
            Duration.ofHours(1)
        };
        for (Duration want : expected) {
            KeypadGuard.Lockout l = lockOut(g, t);
            assertThat(Duration.between(l.at(), l.until())).isEqualTo(want);
            t = l.until();
        }
        AccessRequest right = typed("483920", t);
        g.record(right, grant(right), POLICY);
        KeypadGuard.Lockout again = lockOut(g, t.plusSeconds(1));
        assertThat(Duration.between(again.at(), again.until())).isEqualTo(POLICY.lockout());
    }

    @Test
    void aQuietKeypadForgetsEarlierLockouts() {
        KeypadGuard g = new KeypadGuard();
        KeypadGuard.Lockout first = lockOut(g, MON_10);
        KeypadGuard.Lockout second = lockOut(g, first.until().plus(POLICY.maxLockout()));
        assertThat(second.level()).isEqualTo(1);
        assertThat(Duration.between(second.at(), second.until())).isEqualTo(POLICY.lockout());
    }

    private static KeypadGuard.Lockout lockOut(KeypadGuard g, Instant t) {
        KeypadGuard.Lockout l = null;
        for (int i = 0; i < POLICY.maxAttempts(); i++) {
            l = fail(g, t.plusMillis(i));
        }
        assertThat(l).isNotNull();
        return l;
    }

    private static KeypadGuard.Lockout fail(KeypadGuard g, Instant at) {
        AccessRequest r = typed("999999", at);
        return g.record(r, deny(r, Reason.UNKNOWN_CREDENTIAL), POLICY);
    }

    private static Decision deny(AccessRequest r, Reason reason) {
        return new Decision(
                reason, r.device(), null, r.credential(), null, null, null, null, Actuation.NONE, "", null, 7);
    }

    private static Decision grant(AccessRequest r) {
        return new Decision(
                Reason.GRANTED,
                r.device(),
                null,
                r.credential(),
                "v1",
                null,
                "visitor",
                null,
                new Actuation.Pulse(Duration.ofSeconds(3)),
                "",
                null,
                7);
    }
}
