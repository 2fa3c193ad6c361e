package io.courtyard.acl;

import static io.courtyard.testsupport.AclBundles.add;
import static io.courtyard.testsupport.AclBundles.credential;
import static io.courtyard.testsupport.AclBundles.group;
import static io.courtyard.testsupport.AclBundles.holder;
import static io.courtyard.testsupport.AclBundles.pass;
import static io.courtyard.testsupport.AclBundles.permit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.access.AccessFixture;
import io.courtyard.access.AccessRequest;
import io.courtyard.access.CredentialKey;
import io.courtyard.access.Decision;
import io.courtyard.access.EmergencyMode;
import io.courtyard.access.Reason;
import io.courtyard.config.GatewayConfig;
import io.courtyard.ops.Gateway;
import io.courtyard.testsupport.AclBundles;
import io.courtyard.testsupport.Mosquitto;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 3: a gateway restarted while its uplink is unreachable decides from the list it last
 * applied, and the stateful rules (pass uses, anti-passback positions, occupancy, emergency modes)
 * resume where they were.
 */
@Timeout(120)
class AccessRestartIT {
    static final String SITE = "fixture-court";
    static final CredentialKey CARD = CredentialKey.parse("card:h10301/12/1001");
    static final CredentialKey CODE = CredentialKey.parse("code:483920");
    static final CredentialKey PLATE = CredentialKey.parse("plate:京A12345");

    @TempDir
    Path dir;

    final AclBundles platform = new AclBundles(SITE);

    Decision decide(Gateway g, String device, CredentialKey k) {
        return g.access().decide(AccessRequest.of(device, k, Instant.now()));
    }

    @Test
    void decisionsAndStatefulRulesContinueFromDiskAfterARestartWithTheUplinkUnreachable() throws Exception {
        // Nothing listens there: the uplink is down for both runs.
        String unreachable = "tcp://127.0.0.1:" + Mosquitto.freePort();
        GatewayConfig config = AccessFixture.gatewayConfig(dir.resolve("state"), unreachable, platform.publicKey());
        Instant now = Instant.now();
        ObjectNode list = platform.snapshot(1);
        add(list, "groups", group("residents", "north-gate", "lift-1-1"));
        add(list, "holders", holder("h1", "resident", "1-1-702", "residents"));
        add(list, "credentials", credential("c1", "h1", CARD.text()));
        add(
                list,
                "passes",
                pass(
                        "v1",
                        "1-1-702",
                        CODE.text(),
                        now.minusSeconds(60),
                        now.plus(Duration.ofHours(2)),
                        1,
                        "north-gate"));
        add(list, "permits", permit("p1", "h1", PLATE.value(), "main-lot", false));

        Gateway first = new Gateway(config);
        first.start();
        try {
            // Applied as the sync or an import would; the uplink never answered.
            assertEquals(
                    AclUpdater.Outcome.APPLIED,
                    first.acl().updater().apply(platform.sign(list), "usb").outcome());
            assertEquals(Reason.GRANTED, decide(first, "north-gate", CARD).reason());
            assertEquals(Reason.GRANTED, decide(first, "north-gate", CODE).reason());
            assertEquals(Reason.GRANTED, decide(first, "east-entry", PLATE).reason());
            assertEquals(1, first.access().state().occupancy("main-lot"));
            assertTrue(first.access()
                    .emergencies()
                    .raise(EmergencyMode.LOCKDOWN, "operator:test")
                    .get(10, TimeUnit.SECONDS));
        } finally {
            first.stop();
        }

        Gateway second = new Gateway(config);
        long t0 = System.nanoTime();
        second.start();
        long startMs = (System.nanoTime() - t0) / 1_000_000;
        try {
            assertEquals(1, second.access().snapshot().version(), "the persisted list is in force");
            assertTrue(second.access().state().emergency().lockdown(), "lockdown survives until cleared");
            assertEquals(Reason.LOCKDOWN, decide(second, "north-gate", CARD).reason());
            assertTrue(second.access()
                    .emergencies()
                    .clear(EmergencyMode.LOCKDOWN, "operator:test")
                    .get(10, TimeUnit.SECONDS));

            assertEquals(Reason.GRANTED, decide(second, "north-gate", CARD).reason());
            Decision lift = decide(second, "lift-1-1", CARD);
            assertEquals(Reason.GRANTED, lift.reason());
            assertEquals(Reason.PASS_USED_UP, decide(second, "north-gate", CODE).reason(), "the single use was spent");
            assertEquals(1, second.access().state().occupancy("main-lot"), "occupancy rebuilt from positions");
            assertEquals(
                    Reason.ANTI_PASSBACK, decide(second, "east-entry", PLATE).reason(), "still inside");
            assertEquals(Reason.GRANTED, decide(second, "east-exit", PLATE).reason());
            assertEquals(0, second.access().state().occupancy("main-lot"));
            assertFalse(second.acl().updater() == null);
            System.out.println("restart with the uplink unreachable: gateway started in " + startMs + " ms");
        } finally {
            second.stop();
        }
    }
}
