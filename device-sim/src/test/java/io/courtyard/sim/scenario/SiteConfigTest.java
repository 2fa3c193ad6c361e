package io.courtyard.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.courtyard.acl.Keys;
import io.courtyard.config.ConfigException;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.DevicesConfig.OsdpBus;
import io.courtyard.config.GatewayConfig;
import io.courtyard.sim.testsupport.Repository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteConfigTest {
    @TempDir
    Path dir;

    private final KeyPair key = Keys.generate();
    private final FreePorts ports = new FreePorts();

    @AfterEach
    void release() throws Exception {
        ports.close();
    }

    @Test
    void theRunsCopyKeepsTheSiteAndPointsEveryOutsideLinkAtTheRun() throws Exception {
        Path demo = Repository.file("config/demo.yaml");
        GatewayConfig original = ConfigLoader.load(demo);
        SiteConfig.Derived d = SiteConfig.derive(demo, dir, key.getPublic(), 40123, ports, o -> o.rescueTarget("1m")
                .debounce("trapped-at-floor", "2s")
                .capacity(2));
        GatewayConfig run = d.config();

        assertThat(run.site()).isEqualTo(original.site());
        assertThat(run.devices().gates()).isEqualTo(original.devices().gates());
        assertThat(run.devices().elevators()).isEqualTo(original.devices().elevators());
        assertThat(run.state().dir()).isEqualTo(dir.resolve("state"));
        assertThat(run.upstream().mqtt().orElseThrow().uri().toString()).isEqualTo("tcp://127.0.0.1:40123");
        assertThat(run.upstream().mqtt().orElseThrow().topicPrefix()).isEqualTo("courtyard");
        for (OsdpBus bus : run.devices().osdpBuses()) {
            assertThat(bus.host()).isEqualTo("127.0.0.1");
            assertThat(original.devices().osdpBuses().stream().map(OsdpBus::port))
                    .doesNotContain(bus.port());
        }
        assertThat(run.listeners().cameras().port())
                .isNotEqualTo(original.listeners().cameras().port());
        assertThat(run.devices().barriers()).allSatisfy(b -> assertThat(
                        b.camera().orElseThrow().addresses().get(0).text())
                .startsWith("127.0.0."));
        assertThat(d.isapiPorts()).containsOnlyKeys("east-exit");
        assertThat(run.faults().rescueTarget()).isEqualTo(Duration.ofMinutes(1));
        assertThat(run.devices().parkingZones())
                .allSatisfy(z -> assertThat(z.capacity()).isEqualTo(2));
        assertThat(Files.readString(d.file(), StandardCharsets.UTF_8))
                .contains(java.util.Base64.getEncoder()
                        .encodeToString(key.getPublic().getEncoded()));
    }

    @Test
    void relativeKeyFilesStayTheOnesBesideTheSiteFile() throws Exception {
        Path siteDir = Files.createDirectories(dir.resolve("site"));
        Files.copy(Repository.file("config/demo-keys/demo-acl.pub"), siteDir.resolve("acl.pub"));
        String yaml = Files.readString(Repository.file("config/demo.yaml"), StandardCharsets.UTF_8)
                .replaceAll("(?m)^  publicKey: .*$", "  publicKeyFile: acl.pub")
                .replaceAll("(?m)^  pinKey: .*$", "  pinKeyFile: pin.key");
        Files.writeString(
                siteDir.resolve("pin.key"), "4f1710b44906470829164542d419d52d59770009c10519abef7e0cc76d67ed69");
        Files.setPosixFilePermissions(
                siteDir.resolve("pin.key"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path site = siteDir.resolve("site.yaml");
        Files.writeString(site, yaml, StandardCharsets.UTF_8);

        SiteConfig.Derived d = SiteConfig.derive(site, dir.resolve("run"), key.getPublic(), 40124, ports, o -> {});

        assertThat(Files.readString(d.file(), StandardCharsets.UTF_8))
                .contains("pinKeyFile: " + siteDir.resolve("pin.key"))
                .doesNotContain("publicKeyFile");
    }

    @Test
    void anInvalidSiteFileIsRefusedWithItsOwnLineBeforeAnythingIsWritten() throws Exception {
        Path site = dir.resolve("bad.yaml");
        Files.writeString(
                site,
                Files.readString(Repository.file("config/demo.yaml"), StandardCharsets.UTF_8)
                        .replace("timeZone: Asia/Shanghai", "timeZone: Mars/Olympus"),
                StandardCharsets.UTF_8);

        assertThatThrownBy(() -> SiteConfig.derive(site, dir.resolve("run"), key.getPublic(), 40125, ports, o -> {}))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems().toString())
                        .contains("bad.yaml")
                        .contains("timeZone"));
        assertThat(dir.resolve("run")).doesNotExist();
    }
}
