package io.courtyard.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.courtyard.testsupport.NotifySocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** sd_notify(3) from Java: the environment systemd sets, paths and abstract names, and failures that must not throw. */
@Timeout(30)
class SystemdNotifyTest {
    @TempDir
    Path dir;

    @Test
    void sendsReadyStatusStoppingAndWatchdogToAPathSocket() throws Exception {
        try (NotifySocket socket = NotifySocket.at(dir.resolve("notify"));
                SystemdNotify n = SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", socket.env()), 42)) {
            n.ready("site s up; journal at seq 7");
            n.status("still up");
            n.watchdog();
            n.stopping("stopping");

            await().atMost(Duration.ofSeconds(5)).until(() -> socket.messages().size() == 4);
            assertThat(socket.messages())
                    .extracting(NotifySocket.Message::text)
                    .containsExactly(
                            "READY=1\nSTATUS=site s up; journal at seq 7",
                            "STATUS=still up",
                            "WATCHDOG=1",
                            "STOPPING=1\nSTATUS=stopping");
        }
    }

    @Test
    void anAtSignNamesAnAbstractSocket() throws Exception {
        String name = "courtyard-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (NotifySocket socket = NotifySocket.abstractName(name);
                SystemdNotify n = SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "@" + name), 42)) {
            assertThat(n.send("READY=1")).isTrue();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> socket.messages().stream().anyMatch(m -> m.has("READY=1")));
        }
    }

    @Test
    void theWatchdogIntervalIsOursOnlyWhenWatchdogPidIsUnsetOrNamesUs() {
        Map<String, String> env = Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "30000000");
        assertThat(SystemdNotify.fromEnvironment(env, 42).watchdogInterval()).contains(Duration.ofSeconds(30));

        Map<String, String> ours =
                Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "42");
        assertThat(SystemdNotify.fromEnvironment(ours, 42).watchdogInterval()).contains(Duration.ofSeconds(30));

        Map<String, String> parents =
                Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "41");
        assertThat(SystemdNotify.fromEnvironment(parents, 42).watchdogInterval())
                .as("inherited from a parent that systemd watches")
                .isEmpty();
    }

    @Test
    void withoutNotifySocketOrWithNonsenseNothingIsSentAndNothingThrows() {
        try (SystemdNotify none = SystemdNotify.fromEnvironment(Map.of("WATCHDOG_USEC", "1000000"), 42)) {
            assertThat(none.enabled()).isFalse();
            assertThat(none.watchdogInterval()).as("no socket, no watchdog").isEmpty();
            assertThat(none.send("READY=1")).isFalse();
        }
        for (Map<String, String> env : java.util.List.of(
                Map.of("NOTIFY_SOCKET", "relative/path"),
                Map.of("NOTIFY_SOCKET", "@"),
                Map.of("NOTIFY_SOCKET", "/" + "x".repeat(200)))) {
            try (SystemdNotify n = SystemdNotify.fromEnvironment(env, 42)) {
                assertThat(n.enabled()).as("%s", env).isFalse();
            }
        }
        for (String usec : new String[] {"soon", "0", "-5", "99999999999999999999"}) {
            Map<String, String> env = Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", usec);
            assertThat(SystemdNotify.fromEnvironment(env, 42).watchdogInterval())
                    .as(usec)
                    .isEmpty();
        }
    }

    @Test
    void aSocketThatIsGoneFailsTheSendWithoutThrowing() {
        try (SystemdNotify n = SystemdNotify.fromEnvironment(
                Map.of("NOTIFY_SOCKET", dir.resolve("gone").toString()), 42)) {
            assertThat(n.send("WATCHDOG=1")).isFalse();
            assertThat(n.send("WATCHDOG=1")).as("and again, quietly").isFalse();
        }
    }
}
