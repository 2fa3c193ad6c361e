package io.courtyard.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.runtime.ClockSync.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Whether the system clock is synchronised, asked of stand-ins for timedatectl and chronyc that print what the real ones print. */
@Timeout(30)
class ClockSyncTest {
    @TempDir
    Path dir;

    private Path tool(String name, String script) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private ClockSync sync(Path timedatectl, Path chronyc, Path marker) {
        return new ClockSync(List.of(
                ClockSync.timedatectl(timedatectl), ClockSync.chronyc(chronyc), ClockSync.timesyncdMarker(marker)));
    }

    @Test
    void timedatectlReportsTheKernelsFlagWhateverClientSetsIt() throws Exception {
        Path yes = tool("td-yes", "printf 'NTPSynchronized=yes\\nNTP=yes\\n'");
        Path no = tool("td-no", "printf 'NTPSynchronized=no\\nNTP=yes\\n'");
        Path off = tool("td-off", "printf 'NTPSynchronized=no\\nNTP=no\\n'");
        Path none = dir.resolve("none");

        assertThat(sync(yes, none, none).check())
                .isEqualTo(new ClockSync.Status(State.SYNCHRONISED, "timedatectl", "NTPSynchronized=yes"));
        assertThat(sync(no, none, none).check())
                .isEqualTo(new ClockSync.Status(State.UNSYNCHRONISED, "timedatectl", "NTPSynchronized=no"));
        assertThat(sync(off, none, none).check().detail())
                .isEqualTo("NTPSynchronized=no, and no NTP client is enabled");
    }

    @Test
    void withoutSystemdChronycThenTheTimesyncdMarkerAnswer() throws Exception {
        Path noBus = tool(
                "td-nobus",
                "echo 'System has not been booted with systemd as init system (PID 1). Can'\"'\"'t operate.' >&2; exit 1");
        Path unsynced = tool(
                "chronyc-unsynced", "printf 'Reference ID    : 00000000 ()\\nLeap status     : Not synchronised\\n'");
        Path synced = tool(
                "chronyc-synced", "printf 'Reference ID    : C0A80101 (192.168.1.1)\\nLeap status     : Normal\\n'");
        Path noDaemon = tool("chronyc-down", "echo '506 Cannot talk to daemon'; exit 1");
        Path marker = Files.createFile(dir.resolve("synchronized"));
        Path none = dir.resolve("none");

        ClockSync.Status s = sync(noBus, unsynced, marker).check();
        assertThat(s.state()).isEqualTo(State.UNSYNCHRONISED);
        assertThat(s.source()).isEqualTo("chronyc");
        assertThat(s.detail()).isEqualTo("leap status Not synchronised");
        assertThat(sync(noBus, synced, none).check().state()).isEqualTo(State.SYNCHRONISED);
        assertThat(sync(noBus, noDaemon, marker).check())
                .isEqualTo(new ClockSync.Status(State.SYNCHRONISED, "systemd-timesyncd", marker + " exists"));
    }

    @Test
    void nobodyToAskIsUnknownNotAnAlarm() throws Exception {
        Path none = dir.resolve("none");
        Path garbage = tool("td-garbage", "echo 'Timezone=Asia/Shanghai'");

        assertThat(sync(none, none, none).check().state()).isEqualTo(State.UNKNOWN);
        assertThat(sync(garbage, none, none).check().state()).isEqualTo(State.UNKNOWN);
    }

    @Test
    void aToolThatHangsIsGivenUpAfterFiveSeconds() throws Exception {
        Path hangs = tool("td-hangs", "exec sleep 60");
        Path synced = tool("chronyc-synced", "printf 'Leap status     : Normal\\n'");

        long t0 = System.nanoTime();
        ClockSync.Status s = sync(hangs, synced, dir.resolve("none")).check();

        assertThat(s.source()).isEqualTo("chronyc");
        assertThat((System.nanoTime() - t0) / 1_000_000_000L).isLessThan(20);
    }
}
