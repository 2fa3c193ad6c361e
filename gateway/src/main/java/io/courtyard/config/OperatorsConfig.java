package io.courtyard.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may use the operator listener: people with a password and a role, scripts with a bearer
 * token and a role, and how long their sessions last and how hard a guesser is slowed down.
 *
 * @param users people; each password stored only as a PBKDF2 hash ({@code courtyard users hash})
 * @param tokens scripts; each token stored only as its SHA-256 ({@code courtyard users token})
 * @param sessionIdle a session not used for this long is over
 * @param sessionMax a session is over this long after its login, used or not
 * @param loginFailures failed logins one user name, or one address, may make within {@code lockout}
 * @param lockout how long a user name or address is refused after too many failures
 * @param emergencyModes the emergency modes ({@code fire}, {@code lockdown}) an admin may raise and
 *     clear from the dashboard; none unless configured, since a web page that opens every door is
 *     a target of its own
 */
public record OperatorsConfig(
        List<User> users,
        List<Token> tokens,
        Duration sessionIdle,
        Duration sessionMax,
        int loginFailures,
        Duration lockout,
        Set<String> emergencyModes) {
    public static final OperatorsConfig NONE = new OperatorsConfig(
            List.of(), List.of(), Duration.ofMinutes(30), Duration.ofHours(12), 5, Duration.ofMinutes(5), Set.of());

    public OperatorsConfig {
        emergencyModes = Set.copyOf(emergencyModes);
    }

    /** What a login may do: maintenance works faults, the committee reads usage and bills, admin all. */
    public enum Role {
        MAINTENANCE,
        COMMITTEE,
        ADMIN
    }

    /**
     * A person.
     *
     * @param passwordHash {@code pbkdf2-sha256$ITERATIONS$SALT$HASH}, salt and hash in base64
     */
    public record User(String name, Role role, String passwordHash, Optional<String> displayName) {}

    /**
     * A script's token.
     *
     * @param sha256 the token's SHA-256, 64 hex digits; the token itself is never stored
     */
    public record Token(String name, Role role, String sha256) {}

    public Optional<User> user(String name) {
        return users.stream().filter(u -> u.name().equals(name)).findFirst();
    }
}
