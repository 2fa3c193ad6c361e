package io.courtyard.config;

import io.courtyard.config.OperatorsConfig.Role;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code operators:}: users with roles and password hashes, script tokens, session and throttle limits. */
final class OperatorsSection {
    /** OWASP's current recommendation for PBKDF2-HMAC-SHA256; fewer is refused, not silently weakened. */
    static final int MIN_ITERATIONS = 600_000;

    private static final Pattern HASH =
            Pattern.compile("pbkdf2-sha256\\$(\\d{1,9})\\$[A-Za-z0-9+/]{22,}={0,2}\\$[A-Za-z0-9+/]{43}=");
    private static final Scalars.Parser<String> NAME = Scalars.text(
            "a user name of 1-64 letters, digits, '.', '_' or '-'", Pattern.compile("[A-Za-z0-9._-]{1,64}"));
    private static final Scalars.Parser<String> PASSWORD_HASH = Scalars.parser(
            "a hash printed by 'courtyard users hash' (pbkdf2-sha256$ITERATIONS$SALT$HASH, at least " + MIN_ITERATIONS
                    + " iterations)",
            t -> {
                var m = HASH.matcher(t);
                return m.matches() && Long.parseLong(m.group(1)) >= MIN_ITERATIONS ? t : null;
            });
    private static final Scalars.Parser<String> TOKEN_HASH = Scalars.text(
            "the token's SHA-256 as 64 lower-case hex digits ('courtyard users token' prints it)",
            Pattern.compile("[0-9a-f]{64}"));

    private static final Scalars.Parser<String> EMERGENCY_MODE =
            Scalars.text("an emergency mode: fire or lockdown", Pattern.compile("fire|lockdown"));

    private OperatorsSection() {}

    static OperatorsConfig read(YamlMap m) {
        OperatorsConfig d = OperatorsConfig.NONE;
        Set<String> names = new HashSet<>();
        List<OperatorsConfig.User> users = m.list("users", u -> {
            String name = u.required("name", NAME);
            Role role = u.required("role", Scalars.enumeration(Role.class));
            String hash = u.required("passwordHash", PASSWORD_HASH);
            String display = u.optional("displayName", Scalars.ANY_TEXT, null);
            if (name != null && !names.add(name)) {
                u.problems().add(u.value("name"), u.field("name"), "'" + name + "' is given twice; names are unique");
            }
            return name == null || role == null || hash == null
                    ? null
                    : new OperatorsConfig.User(name, role, hash, Optional.ofNullable(display));
        });
        List<OperatorsConfig.Token> tokens = m.list("tokens", t -> {
            String name = t.required("name", NAME);
            Role role = t.required("role", Scalars.enumeration(Role.class));
            String sha = t.required("sha256", TOKEN_HASH);
            if (name != null && !names.add(name)) {
                t.problems().add(t.value("name"), t.field("name"), "'" + name + "' is given twice; names are unique");
            }
            return name == null || role == null || sha == null ? null : new OperatorsConfig.Token(name, role, sha);
        });
        Duration idle = m.optional(
                "sessionIdle", Scalars.duration(Duration.ofMinutes(1), Duration.ofHours(24)), d.sessionIdle());
        Duration max =
                m.optional("sessionMax", Scalars.duration(Duration.ofMinutes(1), Duration.ofDays(7)), d.sessionMax());
        if (idle.compareTo(max) > 0) {
            m.problems()
                    .add(
                            m.value("sessionIdle"),
                            m.field("sessionIdle"),
                            "longer than sessionMax (" + Scalars.human(max) + ")");
        }
        int failures = m.optional("loginFailures", Scalars.intRange(1, 100), d.loginFailures());
        Duration lockout =
                m.optional("lockout", Scalars.duration(Duration.ofSeconds(10), Duration.ofHours(24)), d.lockout());
        Set<String> emergencyModes = new HashSet<>(m.scalars("emergencyModes", EMERGENCY_MODE));
        return new OperatorsConfig(users, tokens, idle, max, failures, lockout, emergencyModes);
    }
}
