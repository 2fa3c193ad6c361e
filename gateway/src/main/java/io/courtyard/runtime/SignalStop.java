package io.courtyard.runtime;

import ch.qos.logback.classic.LoggerContext;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM / Ctrl-C into an ordered stop that exits 0. SIGTERM is how systemd and operators
 * stop us, so a clean stop is a success: after the stop the hook flushes the logs and halts with
 * 0 (or 1 if the stop failed) instead of the JVM's 143.
 */
public final class SignalStop {
    private static final Logger log = LoggerFactory.getLogger(SignalStop.class);

    private final AtomicBoolean disarmed = new AtomicBoolean();

    private SignalStop() {}

    /** Installs the hook; call before starting anything so that a signal during startup still stops cleanly. */
    public static SignalStop install(Runnable stop) {
        SignalStop s = new SignalStop();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> s.run(stop), "shutdown"));
        return s;
    }

    /** The process is exiting on its own terms (for example a failed start): let the JVM's exit code stand. */
    public void disarm() {
        disarmed.set(true);
    }

    private void run(Runnable stop) {
        if (disarmed.get()) {
            return;
        }
        int code = 0;
        try {
            stop.run();
        } catch (RuntimeException e) {
            log.error("stop failed: {}", e.toString());
            code = 1;
        }
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            ctx.stop();
        }
        Runtime.getRuntime().halt(code);
    }
}
