package io.courtyard.http.auth;

import io.courtyard.config.OperatorsConfig.Role;
import java.util.Set;

/**
 * What one request needs and what it does: the roles allowed (admin always is), and, for the
 * audit, the change it asks for or the export it takes.
 *
 * @param action the change's name ({@code ack}, {@code issue-bill}...), or null for a read
 * @param target what the change is about (a fault's id, {@code elevator/month})
 * @param export the export's name ({@code bill-csv}...), or null
 */
public record Rule(Set<Role> roles, String action, String target, String export) {
    public static Rule read(Role... roles) {
        return new Rule(Set.of(roles), null, null, null);
    }

    public static Rule change(String action, String target, Role... roles) {
        return new Rule(Set.of(roles), action, target, null);
    }

    public static Rule export(String export, Role... roles) {
        return new Rule(Set.of(roles), null, null, export);
    }
}
