package io.courtyard.device.osdp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The OSDP codec's meters for one bus, declared in one place. Every counter exists from the start, so
 * a dashboard shows zero rather than nothing for a healthy bus.
 */
public final class OsdpCodecMetrics {
    public static final String FRAMES = "courtyard.osdp.frames";
    public static final String ERRORS = "courtyard.osdp.errors";
    public static final String GARBAGE = "courtyard.osdp.garbage";
    public static final String UNKNOWN = "courtyard.osdp.unknown";
    public static final String DROPPED = "courtyard.osdp.dropped";
    public static final String REPEATS = "courtyard.osdp.repeats";

    /** Why an intact frame was not passed on. */
    public enum Drop {
        /** A CP heard a command: its own transmission echoed by a 2-wire serial server. */
        ECHO,
        /** A PD heard a reply: another PD's answer on the shared bus. */
        FOREIGN
    }

    private final Counter frames;
    private final Counter garbage;
    private final Counter unknown;
    private final Counter repeats;
    private final Map<OsdpError, Counter> errors = new EnumMap<>(OsdpError.class);
    private final Map<Drop, Counter> dropped = new EnumMap<>(Drop.class);

    public OsdpCodecMetrics(MeterRegistry registry, String bus) {
        frames = Counter.builder(FRAMES)
                .description("Frames received with a valid length and check value")
                .baseUnit("frames")
                .tag("bus", bus)
                .register(registry);
        garbage = Counter.builder(GARBAGE)
                .description("Bytes skipped while looking for the next start of message, mark bytes excluded")
                .baseUnit("bytes")
                .tag("bus", bus)
                .register(registry);
        unknown = Counter.builder(UNKNOWN)
                .description("Intact frames with a command or reply code this codec does not know")
                .baseUnit("frames")
                .tag("bus", bus)
                .register(registry);
        repeats = Counter.builder(REPEATS)
                .description("Commands the CP sent again with the same sequence number (PD side)")
                .baseUnit("frames")
                .tag("bus", bus)
                .register(registry);
        for (OsdpError e : OsdpError.values()) {
            errors.put(
                    e,
                    Counter.builder(ERRORS)
                            .description("Incoming traffic rejected, by cause")
                            .tags("bus", bus, "kind", e.tag())
                            .register(registry));
        }
        for (Drop d : Drop.values()) {
            dropped.put(
                    d,
                    Counter.builder(DROPPED)
                            .description("Intact frames travelling the other way, not passed on")
                            .tags("bus", bus, "reason", d.name().toLowerCase(Locale.ROOT))
                            .register(registry));
        }
    }

    void frame() {
        frames.increment();
    }

    void error(OsdpError e) {
        errors.get(e).increment();
    }

    void garbage(int bytes) {
        garbage.increment(bytes);
    }

    void unknown() {
        unknown.increment();
    }

    void dropped(Drop reason) {
        dropped.get(reason).increment();
    }

    void repeat() {
        repeats.increment();
    }
}
