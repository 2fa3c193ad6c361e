package io.courtyard.sim.load.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class UpstreamBrokerTest {
    @TempDir
    Path dir;

    /**
     * Another process took the chosen port before mosquitto could bind it: the other listener
     * answers, mosquitto exits. The broker is not taken for started; it starts on a new port.
     */
    @Test
    void aPortTakenBeforeMosquittoBindsItMovesTheBrokerToAFreeOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                UpstreamBroker broker = new UpstreamBroker(dir, taken.getLocalPort())) {
            broker.start();

            assertThat(broker.port()).isNotEqualTo(taken.getLocalPort());
            assertThat(ProcessHandle.of(broker.pid()).map(ProcessHandle::isAlive))
                    .contains(true);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", broker.port()), 2000);
            }
            assertThat(Files.readString(dir.resolve("mosquitto.log"))).contains("Address already in use");
            assertThat(Files.readString(dir.resolve("mosquitto.conf")))
                    .contains("listener " + broker.port() + " 127.0.0.1");
        }
    }
}
