package io.courtyard.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.courtyard.testsupport.FuzzBudget;
import io.courtyard.testsupport.ProjectFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Any configuration file gives an immutable configuration or a {@link ConfigException} whose every
 * problem names file, line and what is wrong; never another exception, a hang or unbounded memory
 * (aliases, nesting and size are capped). The file sits in a directory holding the secret file the
 * seeds name, so that valid configurations are reached too.
 */
@Tag("fuzz")
class ConfigLoaderFuzzTest {
    private static final FuzzBudget BUDGET = new FuzzBudget("ConfigLoader.parse", 32 << 20, 4096);
    private static final Path FILE = configDirectory().resolve("courtyard.yaml");

    private static Path configDirectory() {
        try {
            Path dir = Files.createTempDirectory("courtyard-config-fuzz");
            ProjectFiles.write(dir.resolve("secrets/mqtt-password"), "hunter2\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** deleteOnExit cannot remove a directory with files in it: every run left one behind. */
    @AfterAll
    static void removeConfigDirectory() throws IOException {
        try (var files = Files.walk(FILE.getParent())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @FuzzTest(maxDuration = "10s")
    @Timeout(10)
    void anyFileLoadsOrIsRefusedWithItsProblemsNamed(byte[] data) throws Exception {
        String text = new String(data, StandardCharsets.UTF_8);
        GatewayConfig config;
        try {
            config = BUDGET.call(data.length, () -> ConfigLoader.parse(FILE, text));
        } catch (ConfigException e) {
            assertThat(e.problems()).isNotEmpty().allSatisfy(p -> {
                assertThat(p.file()).isEqualTo(FILE.toString());
                assertThat(p.line()).isNotNegative();
                assertThat(p.message()).isNotBlank();
            });
            return;
        }
        assertThat(config.source()).isEqualTo(FILE);
        assertThat(config.site().id()).matches(Scalars.ID_PATTERN);
    }
}
