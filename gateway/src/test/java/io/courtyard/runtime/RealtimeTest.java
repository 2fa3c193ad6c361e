package io.courtyard.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.courtyard.testsupport.ThreadSched;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RealtimeTest {
    private static List<String> limits(String soft, String hard) {
        return List.of(
                "Limit                     Soft Limit           Hard Limit           Units     ",
                "Max nice priority         0                    0                    ",
                "Max realtime priority     " + soft + "                    " + hard + "                    ",
                "Max realtime timeout      unlimited            unlimited            us        ");
    }

    @Test
    void readsTheSoftRealtimePriorityLimit() {
        assertThat(Realtime.softRtprio(limits("0", "0"))).isZero();
        assertThat(Realtime.softRtprio(limits("1", "1"))).isEqualTo(1);
        assertThat(Realtime.softRtprio(limits("0", "99")))
                .as("the hard limit grants nothing")
                .isZero();
        assertThat(Realtime.softRtprio(limits("unlimited", "unlimited"))).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void noSuchLineGrantsNothing() {
        assertThat(Realtime.softRtprio(List.of("Max nice priority         0                    0")))
                .isZero();
        assertThat(Realtime.softRtprio(List.of())).isZero();
    }

    @Test
    void withoutTheLimitAThreadStaysAsItWasEvenForRoot() throws Exception {
        // Maven's forks keep the shell's RLIMIT_RTPRIO, 0 by default, also under root as CI runs.
        assumeTrue(
                Realtime.softRtprio(Files.readAllLines(Path.of("/proc/self/limits"))) == 0,
                "this JVM has an RLIMIT_RTPRIO");

        Entered e = enterOnAThread(true);

        assertThat(e.returned()).isFalse();
        assertThat(e.policy()).as("SCHED_OTHER, field 41 of the thread's stat").isZero();
    }

    @Test
    void askedRegardlessRootTakesFifoAtTheLowestPriority() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (CAP_SYS_NICE)");

        Entered e = enterOnAThread(false);

        assertThat(e.returned()).isTrue();
        assertThat(e.policy()).as("SCHED_FIFO").isEqualTo(1);
        assertThat(e.rtPriority()).isEqualTo(Realtime.PRIORITY);
    }

    /** What {@link Realtime#enter} returned on a fresh thread, and that thread's scheduling as /proc shows it. */
    private record Entered(boolean returned, int policy, int rtPriority) {}

    private static Entered enterOnAThread(boolean onlyIfGranted) throws Exception {
        Entered[] got = new Entered[1];
        Exception[] failed = new Exception[1];
        Thread t = new Thread(() -> {
            try {
                boolean r = Realtime.enter("test thread", onlyIfGranted);
                ThreadSched s = ThreadSched.read(Path.of("/proc/thread-self/stat"));
                got[0] = new Entered(r, s.policy(), s.rtPriority());
            } catch (Exception e) {
                failed[0] = e;
            }
        });
        t.start();
        t.join();
        if (failed[0] != null) {
            throw failed[0];
        }
        return got[0];
    }
}
