package io.courtyard.http.auth;

import io.courtyard.config.OperatorsConfig.Role;
import java.util.Locale;

/**
 * Who a request acts for: a logged-in person (with their session), a script's token, or the
 * gateway's own command line on this machine.
 */
public record Principal(String name, Role role, Via via, Sessions.Session session) {

    public enum Via {
        SESSION,
        TOKEN,
        LOCAL
    }

    public boolean may(Role... allowed) {
        if (role == Role.ADMIN) {
            return true;
        }
        for (Role r : allowed) {
            if (r == role) {
                return true;
            }
        }
        return false;
    }

    public String roleName() {
        return role.name().toLowerCase(Locale.ROOT);
    }
}
