package io.courtyard.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linux real-time scheduling (SCHED_FIFO at its lowest priority, 1) for a thread that every device
 * answer waits on. Such a thread runs as soon as it is runnable, ahead of every normally scheduled
 * thread of the box, and keeps its core until it blocks; nice values only weight the shares of a
 * busy core, so a thread at nice -5 still waited for one behind the device loops and the
 * simulator.
 *
 * <p>By default taken only where the system grants it to this process: a soft {@code
 * RLIMIT_RTPRIO} of at least 1, which the systemd unit's {@code LimitRTPRIO=1} gives (and caps:
 * the gateway cannot go above priority 1). Root without that limit gets it only when asked:
 * real-time scheduling is the installer's grant, not a side effect of who runs the tests. Java has
 * no call for it, so util-linux's {@code chrt} sets it on the thread's kernel id (Debian always has
 * util-linux).
 */
public final class Realtime {
    private static final Logger log = LoggerFactory.getLogger(Realtime.class);
    /** SCHED_FIFO's lowest priority: above every normally scheduled thread, below the kernel's own. */
    public static final int PRIORITY = 1;

    private Realtime() {}

    /**
     * Puts the calling thread under SCHED_FIFO {@link #PRIORITY}: when {@code onlyIfGranted}, only
     * if this process's {@code RLIMIT_RTPRIO} allows it; otherwise it is tried regardless (root
     * has CAP_SYS_NICE). Says which in the log, naming {@code who}; returns whether the thread is
     * now real-time. Blocks for the {@code chrt} child, some milliseconds: call it once, as the
     * thread starts.
     */
    public static boolean enter(String who, boolean onlyIfGranted) {
        int limit = rtprioOfThisProcess();
        if (onlyIfGranted && limit < PRIORITY) {
            log.debug("{}: no real-time scheduling (RLIMIT_RTPRIO {})", who, limit);
            return false;
        }
        String tid;
        try {
            tid = Files.readSymbolicLink(Path.of("/proc/thread-self"))
                    .getFileName()
                    .toString();
        } catch (IOException | RuntimeException e) {
            log.warn("{}: real-time scheduling not taken: its thread id is unknown ({})", who, e.toString());
            return false;
        }
        List<String> command = List.of("chrt", "--fifo", "--pid", Integer.toString(PRIORITY), tid);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            // chrt says at most a line: it fits the pipe, so waiting before reading cannot block it.
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                log.warn("{}: real-time scheduling not taken: chrt did not finish in 10 s", who);
                return false;
            }
            String said;
            try (InputStream out = p.getInputStream()) {
                said = new String(out.readNBytes(4096), StandardCharsets.UTF_8).strip();
            }
            if (p.exitValue() != 0) {
                log.warn(
                        "{}: real-time scheduling not taken (RLIMIT_RTPRIO {}): chrt exited {}: {}",
                        who,
                        limit,
                        p.exitValue(),
                        said);
                return false;
            }
        } catch (IOException e) {
            log.warn("{}: real-time scheduling not taken: {} failed: {}", who, String.join(" ", command), e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        log.info("{}: real-time scheduling (SCHED_FIFO {}, thread {})", who, PRIORITY, tid);
        return true;
    }

    /** This process's soft {@code RLIMIT_RTPRIO}; 0 where {@code /proc/self/limits} cannot be read. */
    private static int rtprioOfThisProcess() {
        try {
            return softRtprio(Files.readAllLines(Path.of("/proc/self/limits"), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            log.debug("/proc/self/limits unreadable: {}", e.toString());
            return 0;
        }
    }

    /**
     * The soft limit on the {@code Max realtime priority} line of a {@code /proc/<pid>/limits}
     * text; {@code unlimited} as {@link Integer#MAX_VALUE}, no such line as 0.
     */
    static int softRtprio(List<String> limits) {
        String name = "Max realtime priority";
        for (String line : limits) {
            if (line.startsWith(name)) {
                String soft = line.substring(name.length()).strip().split("\\s+")[0];
                return soft.equals("unlimited") ? Integer.MAX_VALUE : Integer.parseInt(soft);
            }
        }
        return 0;
    }
}
