package io.courtyard.access;

import io.courtyard.command.Command;
import io.courtyard.command.CommandHandlers;
import io.courtyard.command.CommandType;
import io.courtyard.command.Outcome;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The access room's remote commands: raising and clearing the emergency modes, and resetting
 * anti-passback positions. Each completes once its change is durable; a change in force but not
 * journaled is {@link Outcome#NOT_RECORDED}, which the command room runs again (both are safe to
 * repeat: a repeated raise records the mode again, a repeated reset clears what is left).
 */
public final class AccessCommands {
    /** A remote clear of a mode a local input holds ({@link Emergencies.HeldLocallyException}). */
    public static final String HELD_LOCALLY = "held-locally";
    /** A reset naming an area this site does not have, or a subject of no known kind. */
    public static final String INVALID_ARGUMENT = "invalid-argument";

    private AccessCommands() {}

    /** Registers the handlers; the access service's parts are looked up when a command runs, after it started. */
    public static void register(CommandHandlers handlers, AccessService access) {
        registerEmergencies(handlers, access::emergencies);
        handlers.register(CommandType.ANTI_PASSBACK_RESET, c -> resetAntiPassback(access, c));
    }

    /** Registers the emergency commands alone, on modes that exist by the time a command runs. */
    public static void registerEmergencies(CommandHandlers handlers, Supplier<Emergencies> emergencies) {
        handlers.register(CommandType.EMERGENCY, c -> emergency(emergencies.get(), c));
    }

    static CompletableFuture<Outcome> emergency(Emergencies emergencies, Command c) {
        EmergencyMode mode = EmergencyMode.of(c.required("mode"));
        boolean raise = "raise".equals(c.required("action"));
        CompletableFuture<Boolean> change =
                raise ? emergencies.raise(mode, c.source()) : emergencies.clear(mode, c.source());
        String what = mode.tag() + " " + (raise ? "raise" : "clear");
        return change.handle((changed, e) -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause == null) {
                // Unchanged also when a repeat recorded a change whose first record failed.
                return Outcome.done(
                        changed
                                ? mode.tag() + (raise ? " raised" : " cleared")
                                : mode.tag() + (raise ? " in force" : " not in force"));
            }
            if (cause instanceof Emergencies.HeldLocallyException held) {
                return Outcome.refused(HELD_LOCALLY, held.getMessage());
            }
            return Outcome.failed(Outcome.NOT_RECORDED, what + " in force but not journaled: " + cause);
        });
    }

    static CompletableFuture<Outcome> resetAntiPassback(AccessService access, Command c) {
        String subject = c.arg("subject").orElse(null);
        String area = c.arg("area").orElse(null);
        CompletableFuture<Integer> reset;
        try {
            reset = access.resetAntiPassback(subject, area, c.source());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(Outcome.refused(INVALID_ARGUMENT, e.getMessage()));
        }
        String what = (subject == null ? "everyone" : subject) + (area == null ? " everywhere" : " in " + area);
        return reset.handle((cleared, e) -> e == null
                ? Outcome.done(cleared + " anti-passback positions cleared (" + what + ")")
                : Outcome.failed(Outcome.NOT_RECORDED, "positions cleared (" + what + ") but not journaled: " + e));
    }
}
