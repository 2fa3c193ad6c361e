package io.courtyard.command;

import java.util.concurrent.CompletableFuture;

/**
 * Carries out one kind of verified command for the room that owns what it acts on: the access room
 * its emergency modes and anti-passback, the access-list sync its snapshot request, the device
 * rooms their gates, buses, barriers and monitors. Registered with {@link CommandHandlers}; the
 * command room never reaches into the rooms themselves.
 *
 * <p>The future completes with the outcome once the effect is made (an emergency change once it is
 * durable, an actuation once the device answered); it should not complete exceptionally (the command
 * room reports that as a failure). Called on the command room's one worker thread, one command at a
 * time; the handler must not block, the worker waits for the future with a timeout. A command the
 * gateway may run again after a restart ({@link Outcome#NOT_RECORDED}, or a restart before the
 * outcome was recorded) must be safe to repeat.
 */
@FunctionalInterface
public interface CommandHandler {
    CompletableFuture<Outcome> handle(Command command);
}
