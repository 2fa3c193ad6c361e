package io.courtyard.sim.osdp;

import static io.courtyard.sim.testsupport.OsdpRig.KEY;
import static io.courtyard.sim.testsupport.OsdpRig.WAIT;
import static io.courtyard.sim.testsupport.OsdpRig.clear;
import static io.courtyard.sim.testsupport.OsdpRig.secure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.device.osdp.Scbk;
import io.courtyard.sim.testsupport.OsdpRig;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The remote commands' OSDP side over real TCP: a bus restart drops the serial server's connection
 * and connects again at once; a device reset (OSDP has no reset command) runs discovery and the
 * Secure Channel handshake again, without breaking an exchange under way.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OsdpRestartTest {
    private final OsdpRig rig = new OsdpRig();

    @AfterEach
    void close() {
        rig.close();
    }

    @Test
    void aBusRestartReconnectsAtOnceAndItsPdsComeBack() throws Exception {
        rig.onlineReader();

        rig.buses().restart("bus-a").get(WAIT.toSeconds(), TimeUnit.SECONDS);

        rig.awaitOnline(1, 2);
        assertThat(rig.listener().count("offline", 1)).isEqualTo(1);
        rig.sim().pd("bus-a", 1).presentCard(WiegandFormat.H10301, 12, 1001);
        await().atMost(WAIT).until(() -> rig.listener().count("card", 1) == 1);
    }

    @Test
    void aRestartOfAnUnknownBusFails() {
        rig.onlineReader();

        assertThatThrownBy(() -> rig.buses().restart("bus-z").get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("no OSDP bus 'bus-z'");
    }

    @Test
    void aDeviceResetRunsDiscoveryAndTheHandshakeAgain() throws Exception {
        EmulatedPd reader = new EmulatedPd(1, PdProfile.reader().withScbk(Scbk.fromHex(KEY)));
        rig.serve("bus-a", reader);
        rig.poll("bus-a", secure(1, KEY)).startAndAwaitOnline(1);
        long sessions = reader.stats().sessions();

        rig.buses().rediscover(new PdRef("bus-a", 1), "test").get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(rig.listener().count("online", 1)).isEqualTo(2);
        assertThat(reader.stats().sessions()).isEqualTo(sessions + 1);
        assertThat(rig.buses().health().get(0).secureChannel()).isEqualTo("secure");
        reader.presentCard(WiegandFormat.H10301, 12, 1001);
        await().atMost(WAIT).until(() -> rig.listener().count("card", 1) == 1);
    }

    @Test
    void aDeviceResetOfAClearPdLeavesItsNeighbourAlone() throws Exception {
        EmulatedPd one = new EmulatedPd(1, PdProfile.reader());
        EmulatedPd two = new EmulatedPd(2, PdProfile.reader());
        rig.serve("bus-a", one, two);
        rig.poll("bus-a", clear(1), clear(2)).startAndAwaitOnline(1, 2);

        rig.buses().rediscover(new PdRef("bus-a", 2), "test").get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(rig.listener().count("online", 2)).isEqualTo(2);
        assertThat(rig.listener().count("online", 1)).isEqualTo(1);
        assertThat(rig.listener().count("offline", 1)).isZero();
        two.presentCard(WiegandFormat.H10301, 12, 1001);
        await().atMost(WAIT).until(() -> rig.listener().count("card", 2) == 1);
    }

    @Test
    void cardsStillArriveAfterABusRestartFollowedByADeviceReset() throws Exception {
        EmulatedPd reader = rig.onlineReader();

        rig.buses().restart("bus-a").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        rig.awaitOnline(1, 2);
        rig.buses().rediscover(new PdRef("bus-a", 1), "test").get(WAIT.toSeconds(), TimeUnit.SECONDS);

        reader.presentCard(WiegandFormat.H10301, 12, 1001);
        await().atMost(WAIT).until(() -> rig.listener().count("card", 1) == 1);
    }
}
