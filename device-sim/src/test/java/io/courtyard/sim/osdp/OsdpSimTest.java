package io.courtyard.sim.osdp;

import static io.courtyard.sim.testsupport.OsdpRig.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.courtyard.config.DevicesConfig.OsdpBus;
import io.courtyard.config.DevicesConfig.OsdpDevice;
import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.config.DevicesConfig.SecureChannel;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.device.osdp.OutputControl;
import io.courtyard.device.osdp.OutputControl.Output;
import io.courtyard.device.osdp.bus.OsdpBuses;
import io.courtyard.runtime.EventLoops;
import io.courtyard.sim.testsupport.OsdpRig;
import io.courtyard.sim.testsupport.RecordingListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The simulator built from a gateway configuration serves exactly the PDs the gateway expects. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OsdpSimTest {
    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aGatewayConfigurationIsServedPdForPd() throws Exception {
        List<OsdpBus> config = List.of(
                new OsdpBus(
                        "gates",
                        "127.0.0.1",
                        freePort(),
                        OsdpRig.POLL,
                        OsdpRig.REPLY_TIMEOUT,
                        3,
                        List.of(OsdpRig.secure(1, KEY), OsdpRig.clear(2))),
                new OsdpBus(
                        "lift",
                        "127.0.0.1",
                        freePort(),
                        OsdpRig.POLL,
                        OsdpRig.REPLY_TIMEOUT,
                        3,
                        List.of(
                                OsdpRig.clear(1),
                                new OsdpDevice("lift-relays", 2, SecureChannel.INSTALL, Optional.of(KEY)))));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventLoops loops = new EventLoops(2, registry);
        loops.start();
        RecordingListener listener = new RecordingListener();
        OsdpBuses buses = new OsdpBuses(config, loops, registry, OsdpRig.OPTIONS, Clock.systemUTC()).listen(listener);
        try (OsdpSim sim = OsdpSim.serving(config)) {
            buses.start();
            await().atMost(OsdpRig.WAIT)
                    .until(() -> listener.all().stream()
                                    .filter(r -> r.kind().equals("online"))
                                    .count()
                            == 4);

            assertThat(sim.pd("lift", 2).profile.kind()).isEqualTo("relay-board");
            assertThat(buses.send(new PdRef("lift", 2), OutputControl.of(Output.pulse(15, Duration.ofMillis(300))))
                            .get(5, TimeUnit.SECONDS)
                            .ok())
                    .isTrue();
            assertThat(sim.output("lift", 2, 15)).isTrue();
            sim.presentCard("gates", 1, WiegandFormat.H10301, 1, 2);
            await().atMost(OsdpRig.WAIT).until(() -> listener.count("card", 1) == 1);
        } finally {
            buses.stop();
            loops.stop();
        }
    }
}
