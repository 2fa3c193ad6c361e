package io.courtyard.uplink;

import static io.courtyard.testsupport.UplinkFixtures.PREFIX;
import static io.courtyard.testsupport.UplinkFixtures.SITE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.courtyard.journal.event.EventKind;
import io.courtyard.testsupport.HiveMqBroker;
import io.courtyard.testsupport.ListEventSource;
import io.courtyard.testsupport.SampleEvents;
import io.courtyard.testsupport.TcpProxy;
import io.courtyard.testsupport.TestConsumer;
import io.courtyard.testsupport.UplinkFixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The same sink against HiveMQ CE: a second broker implementation with a smaller Receive Maximum. */
class MqttSinkHiveMqIT {
    private static final int EVENTS = 5_000;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void everyEventArrivesOnceThroughACutConnection(@TempDir Path dir) throws Exception {
        ListEventSource source = new ListEventSource("upstream", SITE + "-1");
        try (HiveMqBroker broker = HiveMqBroker.start(dir);
                TcpProxy proxy = new TcpProxy(broker.port());
                TestConsumer platform = TestConsumer.connect(broker.uri(), "platform", PREFIX + "/" + SITE + "/#")) {
            MqttSink sink = new MqttSink(
                    UplinkFixtures.mqtt(proxy.uri(), 10),
                    SITE,
                    source,
                    new SimpleMeterRegistry(),
                    UplinkFixtures.fastOptions());
            sink.start();
            try {
                for (int i = 0; i < EVENTS; i++) {
                    source.add(
                            "dev-" + (i % 7),
                            SampleEvents.numbered(i % 2 == 0 ? EventKind.ACCESS : EventKind.DEVICE, i));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> platform.uniqueEvents() >= EVENTS / 5);
                proxy.cutAll();
                await().atMost(Duration.ofSeconds(60)).until(() -> platform.uniqueEvents() == EVENTS);
                await().atMost(Duration.ofSeconds(10)).until(() -> source.pending() == 0);
                assertEquals(EVENTS, source.acked().size());
                assertTrue(proxy.accepted() >= 2, "the sink reconnected");
                assertTrue(
                        platform.messages(PREFIX + "/" + SITE + "/status").stream()
                                .anyMatch(m -> m.payload().contains("\"online\"")),
                        "status online");
            } finally {
                sink.stop();
            }
        }
    }
}
