package io.courtyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * An offline command silences the gateway's log lines only in its own process ({@link Main#main});
 * run in-process ({@link Main#execute}: tests, the simulator's bill checks) it leaves the caller's
 * logging alone. Found when a scenario's in-process {@code courtyard bill --verify} turned the test
 * JVM's logging off and a later test's captured warnings never came.
 */
class CliLoggingTest {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Level before;

    @BeforeEach
    void remember() {
        before = root.getLevel();
    }

    @AfterEach
    void restore() {
        root.setLevel(before);
    }

    @Test
    void anOfflineCommandRunInProcessLeavesTheCallersLoggingAsItWas() {
        int exit = Main.execute(CliTest.NO_GATEWAY, "keys", "--help");
        assertThat(exit).isZero();
        assertThat(root.getLevel()).isEqualTo(before).isNotEqualTo(Level.OFF);
    }

    @Test
    void theEntryPointQuietsAnOfflineCommandsOwnProcessButNotRun() {
        Main.main(CliTest.NO_GATEWAY, "check-config", "--help");
        assertThat(root.getLevel())
                .as("check-config and run keep their log lines")
                .isEqualTo(before);
        Main.main(CliTest.NO_GATEWAY, "keys", "--help");
        assertThat(root.getLevel()).isEqualTo(Level.OFF);
    }
}
