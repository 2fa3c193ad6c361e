package io.courtyard.command;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The handlers the rooms registered, by command type and, for a type with a target, by device or
 * bus id. Filled while the gateway is assembled, read by the command room's worker afterwards.
 */
public final class CommandHandlers {
    private final Map<CommandType, CommandHandler> siteWide = new EnumMap<>(CommandType.class);
    private final Map<CommandType, Map<String, CommandHandler>> byTarget = new EnumMap<>(CommandType.class);

    /** Registers the handler of a site-wide type ({@link CommandType#target()} null). */
    public synchronized CommandHandlers register(CommandType type, CommandHandler handler) {
        if (type.target() != null) {
            throw new IllegalArgumentException(
                    type.wire() + " is for one " + type.target() + ": register it per " + type.target());
        }
        if (siteWide.putIfAbsent(type, handler) != null) {
            throw new IllegalStateException("two handlers for " + type.wire());
        }
        return this;
    }

    /** Registers the handler of {@code type} for one device or bus. */
    public synchronized CommandHandlers register(CommandType type, String target, CommandHandler handler) {
        if (type.target() == null) {
            throw new IllegalArgumentException(type.wire() + " is site-wide: register it without a target");
        }
        Map<String, CommandHandler> m = byTarget.computeIfAbsent(type, k -> new TreeMap<>());
        if (m.putIfAbsent(target, handler) != null) {
            throw new IllegalStateException("two handlers for " + type.wire() + " at " + target);
        }
        return this;
    }

    /** The handler for a command, or null when no room registered one for its type and target. */
    public synchronized CommandHandler find(CommandType type, String target) {
        if (type.target() == null) {
            return siteWide.get(type);
        }
        Map<String, CommandHandler> m = byTarget.get(type);
        return m == null ? null : m.get(target);
    }

    /** Whether any room handles {@code type}, for any target. */
    synchronized boolean handles(CommandType type) {
        return type.target() == null ? siteWide.containsKey(type) : byTarget.containsKey(type);
    }

    /** The targets registered for {@code type}, sorted, the first ten: what a refusal lists. */
    synchronized String targets(CommandType type) {
        Map<String, CommandHandler> m = byTarget.get(type);
        if (m == null) {
            return "none";
        }
        String first = String.join(", ", m.keySet().stream().limit(10).toList());
        return m.size() > 10 ? first + " and " + (m.size() - 10) + " more" : first;
    }

    /** Every type with at least one handler, for the startup log line. */
    synchronized Set<CommandType> types() {
        Set<CommandType> s = new TreeSet<>(siteWide.keySet());
        s.addAll(byTarget.keySet());
        return s;
    }
}
