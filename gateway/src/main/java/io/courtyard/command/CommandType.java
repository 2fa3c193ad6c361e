package io.courtyard.command;

import java.util.List;
import java.util.Locale;

/**
 * Every command the platform may send, as its payload's {@code type} names it, with the members it
 * carries beside the common ones. A type that names a device, a bus or a barrier has a target:
 * handlers are registered per target, and a command for a target nobody registered is refused
 * {@code unknown-device}.
 */
public enum CommandType {
    /** Opens a gate or a barrier once, as a grant would. */
    OPEN("device", Arg.id("device")),
    /** Raises or clears fire mode or lockdown. */
    EMERGENCY(null, Arg.choice("mode", "fire", "lockdown"), Arg.choice("action", "raise", "clear")),
    /** Asks the platform for an access-list snapshot, as a gap in the deltas does. */
    ACL_RESYNC(null),
    /** Clears anti-passback positions: a subject's, an area's, or a subject's in one area. */
    ANTI_PASSBACK_RESET(null, Arg.ref("subject"), Arg.ref("area")),
    /** Drops an OSDP bus's connection to its serial server and connects again at once. */
    BUS_RESTART("bus", Arg.id("bus")),
    /** Starts an OSDP PD over: a new discovery and, where configured, a new Secure Channel session. */
    DEVICE_RESET("device", Arg.id("device")),
    /** Shows a message on a barrier's display. */
    DISPLAY("device", Arg.id("device"), Arg.text("text", 64), Arg.integer("seconds", 1, 600)),
    /** Asks an elevator monitor to report its status now. */
    MONITOR_STATUS("device", Arg.id("device"));

    private final String target;
    private final List<Arg> args;

    CommandType(String target, Arg... args) {
        this.target = target;
        this.args = List.of(args);
    }

    /** The payload's {@code type}: {@code open}, {@code acl-resync}, ... */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The member naming the device or bus the command is for; null for site-wide commands. */
    public String target() {
        return target;
    }

    public List<Arg> args() {
        return args;
    }

    /** The type named {@code wire}, or null when this gateway knows none by that name. */
    public static CommandType of(String wire) {
        for (CommandType t : values()) {
            if (t.wire().equals(wire)) {
                return t;
            }
        }
        return null;
    }
}
