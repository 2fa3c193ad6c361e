package io.courtyard.device.drivers;

import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.device.osdp.BuzzerControl;
import io.courtyard.device.osdp.Command;
import io.courtyard.device.osdp.LedColor;
import io.courtyard.device.osdp.LedControl;
import io.courtyard.device.osdp.LedSetting;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a reader shows and sounds after a decision: green and one short beep on a grant, red and two
 * long beeps on a denial, blinking amber while it waits for a PIN. Sent after the OUT, which is
 * what the person at the door waits for; a reader that misses one is logged, nothing more.
 */
final class Feedback {
    private static final Logger log = LoggerFactory.getLogger(Feedback.class);
    /** LED 0 is the reader's status LED on every reader we know of. */
    private static final int LED = 0;

    private static final Duration MIN_GREEN = Duration.ofSeconds(1);
    private static final Duration RED = Duration.ofSeconds(2);
    private static final Duration SHORT_BEEP = Duration.ofMillis(100);
    private static final Duration LONG_BEEP = Duration.ofMillis(300);
    private static final Duration BEEP_GAP = Duration.ofMillis(200);
    private static final Duration BLINK = Duration.ofMillis(300);

    private final PdCommands commands;

    Feedback(PdCommands commands) {
        this.commands = commands;
    }

    /** Green for as long as the door or the floors are released (at least a second), one short beep. */
    void granted(PdRef reader, int number, Duration released) {
        Duration green = released.compareTo(MIN_GREEN) < 0 ? MIN_GREEN : released;
        send(reader, LedControl.of(LedSetting.show(number, LED, LedColor.GREEN, green)));
        send(reader, BuzzerControl.beep(number, SHORT_BEEP, Duration.ZERO, 1));
    }

    /** Red for two seconds and two long beeps: unmistakable from a grant without looking. */
    void denied(PdRef reader, int number) {
        send(reader, LedControl.of(LedSetting.show(number, LED, LedColor.RED, RED)));
        send(reader, BuzzerControl.beep(number, LONG_BEEP, BEEP_GAP, 2));
    }

    /** Blinking amber while the reader waits for the PIN that goes with the card just read. */
    void pinPrompt(PdRef reader, int number) {
        send(
                reader,
                LedControl.of(LedSetting.blink(
                        number, LED, LedColor.AMBER, LedColor.BLACK, BLINK, Presentations.KEY_TIMEOUT)));
        send(reader, BuzzerControl.beep(number, SHORT_BEEP, Duration.ZERO, 1));
    }

    private void send(PdRef reader, Command c) {
        commands.send(reader, c).thenAccept(r -> {
            if (!r.ok()) {
                log.debug(
                        "{}/{}: {} not accepted: {} {}",
                        reader.bus(),
                        reader.address(),
                        c.getClass().getSimpleName(),
                        r.status(),
                        r.detail());
            }
        });
    }
}
