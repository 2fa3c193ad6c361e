package io.courtyard.sim.demo;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** HiveMQ CE embedded: an MQTT 5 broker standing in for the property platform in the demo and the crash test. */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final EmbeddedHiveMQ hivemq;
    private final int port;

    public EmbeddedBroker(Path dir, String bind, int port) throws IOException {
        this.port = port;
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(
                conf.resolve("config.xml"),
                String.format(
                        java.util.Locale.ROOT,
                        """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                    <tcp-listener><port>%d</port><bind-address>%s</bind-address></tcp-listener>
                  </listeners>
                  <persistence><mode>in-memory</mode></persistence>
                  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """,
                        port,
                        bind),
                StandardCharsets.UTF_8);
        // Without its own logback.xml HiveMQ installs its default logging over ours.
        Files.writeString(
                conf.resolve("logback.xml"),
                """
                <configuration>
                  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="com.hivemq" level="WARN"/>
                  <logger name="migrations" level="WARN"/>
                  <logger name="io.netty" level="WARN"/>
                  <root level="INFO"><appender-ref ref="STDOUT"/></root>
                </configuration>
                """,
                StandardCharsets.UTF_8);
        hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(Files.createDirectories(dir.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(dir.resolve("extensions")))
                .build();
    }

    public void start() throws Exception {
        hivemq.start().get(30, TimeUnit.SECONDS);
        log.info("demo upstream broker (HiveMQ CE embedded) listening on tcp://127.0.0.1:{}", port);
    }

    @Override
    public void close() {
        // In-memory broker: nothing to save, so the stop is bounded rather than waited out.
        try {
            hivemq.stop().get(2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            log.info("demo broker still stopping; leaving it to process exit");
        } catch (Exception e) {
            log.warn("demo broker stop: {}", e.toString());
        }
    }
}
