package io.courtyard.sim.osdp;

import static io.courtyard.sim.testsupport.OsdpRig.KEY;
import static io.courtyard.sim.testsupport.OsdpRig.OTHER_KEY;
import static io.courtyard.sim.testsupport.OsdpRig.WAIT;
import static io.courtyard.sim.testsupport.OsdpRig.clear;
import static io.courtyard.sim.testsupport.OsdpRig.install;
import static io.courtyard.sim.testsupport.OsdpRig.secure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.device.card.CardRead;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.device.osdp.CheckMode;
import io.courtyard.device.osdp.Scbk;
import io.courtyard.device.osdp.bus.BusMetrics;
import io.courtyard.device.osdp.bus.PdInfo;
import io.courtyard.device.osdp.bus.PdInfo.Security;
import io.courtyard.sim.testsupport.OsdpRig;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Discovery over real TCP: ID, CAP, Secure Channel as configured, and the check-mode fallback. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OsdpDiscoveryTest {
    private final OsdpRig rig = new OsdpRig();

    @AfterEach
    void close() {
        rig.close();
    }

    @Test
    void readerAndRelayBoardComeOnlineInClearWithTheirIdentityAndFirstStates() {
        EmulatedPd reader = new EmulatedPd(1, PdProfile.reader().withSerial(4242));
        EmulatedPd relays = new EmulatedPd(2, PdProfile.relayBoard(8, 8));
        reader.setInput(0, true);
        rig.serve("bus-a", reader, relays);
        rig.poll("bus-a", clear(1), clear(2)).startAndAwaitOnline(1, 2);

        PdInfo info = rig.listener().values("online", 1, PdInfo.class).get(0);
        assertThat(info.security()).isEqualTo(Security.CLEAR);
        assertThat(info.checkMode()).isEqualTo(CheckMode.CRC);
        assertThat(info.id().serialNumber()).isEqualTo(4242);
        assertThat(info.capabilities().supportsCrc()).isTrue();
        assertThat(rig.buses().online(new PdRef("bus-a", 1))).isTrue();
        // The drivers learn the door contact and tamper state without waiting for a change.
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(rig.listener().values("inputs", 1, Object.class)).isNotEmpty();
            assertThat(rig.listener().values("localStatus", 2, List.class)).containsExactly(List.of(false, false));
        });
        assertThat(rig.registry().get(BusMetrics.ONLINE).gauge().value()).isEqualTo(2.0);
        await().atMost(WAIT).until(() -> rig.counted(BusMetrics.POLLS) > 20);
    }

    @Test
    void secureChannelOpensWithTheConfiguredScbkAndCarriesCards() {
        EmulatedPd reader = new EmulatedPd(1, PdProfile.reader().withScbk(Scbk.fromHex(KEY)));
        rig.serve("bus-a", reader);
        rig.poll("bus-a", secure(1, KEY)).startAndAwaitOnline(1);

        assertThat(rig.listener().values("online", 1, PdInfo.class).get(0).security())
                .isEqualTo(Security.SECURE_CHANNEL);
        assertThat(reader.stats().sessions()).isEqualTo(1);
        reader.presentCard(WiegandFormat.H10301, 123, 4567);
        await().atMost(WAIT).until(() -> rig.listener().count("card", 1) == 1);
        assertThat(rig.listener().values("card", 1, CardRead.class))
                .containsExactly(new CardRead.Card(WiegandFormat.H10301, 123, 4567));
    }

    @Test
    void aPdHoldingAnotherKeyNeverComesOnline() {
        rig.serve("bus-a", new EmulatedPd(1, PdProfile.reader().withScbk(Scbk.fromHex(OTHER_KEY))));
        rig.poll("bus-a", secure(1, KEY)).start();

        await().atMost(WAIT).until(() -> rig.listener().count("offline", 1) == 1);
        assertThat(rig.listener().values("offline", 1, String.class).get(0))
                .contains("client cryptogram does not match");
        // Probed again and again, refused every time; never polled in clear.
        await().atMost(WAIT).until(() -> rig.counted(BusMetrics.COMMANDS) > 12);
        assertThat(rig.listener().count("online", 1)).isZero();
        assertThat(rig.counted(BusMetrics.POLLS)).isZero();
    }

    @Test
    void aPdWithoutSecureChannelIsNotPolledInClearWhenSecureChannelIsConfigured() {
        rig.serve("bus-a", new EmulatedPd(1, PdProfile.reader()));
        rig.poll("bus-a", secure(1, KEY)).start();

        await().atMost(WAIT).until(() -> rig.listener().count("offline", 1) == 1);
        assertThat(rig.listener().values("offline", 1, String.class).get(0)).contains("offer none");
        assertThat(rig.counted(BusMetrics.POLLS)).isZero();
    }

    @Test
    void installModeHandsTheConfiguredKeyToAFactoryFreshPdThenUsesIt() {
        EmulatedPd fresh = new EmulatedPd(1, PdProfile.reader().factoryFresh());
        rig.serve("bus-a", fresh);
        rig.poll("bus-a", install(1, KEY)).startAndAwaitOnline(1);

        assertThat(rig.listener().values("online", 1, PdInfo.class).get(0).security())
                .isEqualTo(Security.SECURE_CHANNEL);
        assertThat(fresh.scbk()).isEqualTo(Scbk.fromHex(KEY));
        // SCBK-D session for KEYSET, then the paired one.
        assertThat(fresh.stats().sessions()).isEqualTo(2);

        // The PD keeps its new key: next time, INSTALL opens with it straight away.
        rig.sim().bus("bus-a").disconnect();
        rig.awaitOnline(1, 2);
        assertThat(fresh.stats().sessions()).isEqualTo(3);
        assertThat(fresh.scbk()).isEqualTo(Scbk.fromHex(KEY));
    }

    @Test
    void aSerialServerNamedByHostnameIsFound() {
        rig.serve("bus-a", new EmulatedPd(1, PdProfile.reader()));
        rig.poll("bus-a", "localhost", OsdpRig.POLL, clear(1)).startAndAwaitOnline(1);
        assertThat(rig.listener().presence(1)).containsExactly("online");
    }

    @Test
    void installModeWithoutAKeyRunsOnScbkD() {
        rig.serve("bus-a", new EmulatedPd(1, PdProfile.reader().factoryFresh()));
        rig.poll("bus-a", install(1, null)).startAndAwaitOnline(1);

        assertThat(rig.listener().values("online", 1, PdInfo.class).get(0).security())
                .isEqualTo(Security.INSTALL_KEY);
    }

    @Test
    void aPdWithoutCrcIsPolledInChecksumModeAfterItsNak() {
        EmulatedPd old = new EmulatedPd(1, PdProfile.reader().checksumOnly());
        rig.serve("bus-a", old);
        rig.poll("bus-a", clear(1)).startAndAwaitOnline(1);

        assertThat(rig.listener().values("online", 1, PdInfo.class).get(0).checkMode())
                .isEqualTo(CheckMode.CHECKSUM);
        assertThat(old.stats().naks()).isEqualTo(1);
        old.presentCard(WiegandFormat.H10304, 1234, 123456);
        await().atMost(WAIT).until(() -> rig.listener().count("card", 1) == 1);
        assertThat(rig.listener().values("card", 1, CardRead.class))
                .containsExactly(new CardRead.Card(WiegandFormat.H10304, 1234, 123456));
        assertThat(rig.listener().presence(1)).containsExactly("online");
    }
}
