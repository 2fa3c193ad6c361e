package io.courtyard.http.auth;

import io.courtyard.config.OperatorsConfig.Role;
import io.courtyard.http.OperatorRequest;
import io.netty.handler.codec.http.HttpMethod;

/**
 * Which role may use which part of the operator API: maintenance works the fault log, the
 * committee reads it and reads usage and bills, admin does everything and issues bills.
 */
public final class ApiRules {
    private static final String FAULTS = "/api/faults";

    private ApiRules() {}

    public static Rule faults(OperatorRequest r) {
        if (r.method().equals(HttpMethod.POST)) {
            String rest = r.path().length() > FAULTS.length() ? r.path().substring(FAULTS.length() + 1) : "";
            if (rest.isEmpty()) {
                return Rule.change(
                        "raise",
                        r.param("device").orElse("?") + "/" + r.param("type").orElse("?"),
                        Role.MAINTENANCE);
            }
            int slash = rest.indexOf('/');
            return slash < 0
                    ? Rule.change("unknown", rest, Role.MAINTENANCE)
                    : Rule.change(rest.substring(slash + 1), rest.substring(0, slash), Role.MAINTENANCE);
        }
        if (csv(r)) {
            return Rule.export("faults-csv", Role.MAINTENANCE, Role.COMMITTEE);
        }
        return Rule.read(Role.MAINTENANCE, Role.COMMITTEE);
    }

    public static Rule usage(OperatorRequest r) {
        return Rule.read(Role.COMMITTEE);
    }

    public static Rule bills(OperatorRequest r) {
        if (r.method().equals(HttpMethod.POST)) {
            return Rule.change(
                    "issue-bill",
                    r.param("elevator").orElse("?") + "/" + r.param("month").orElse("?"),
                    Role.ADMIN);
        }
        if (csv(r)) {
            return Rule.export(
                    r.param("compare").map(Boolean::parseBoolean).orElse(false) ? "compare-csv" : "bill-csv",
                    Role.COMMITTEE);
        }
        return Rule.read(Role.COMMITTEE);
    }

    /** The monthly report's PDF: the committee's, and an export. */
    public static Rule report(OperatorRequest r) {
        return Rule.export("report-pdf", Role.COMMITTEE);
    }

    /** The overview: every role sees what is happening now. */
    public static Rule overview(OperatorRequest r) {
        return Rule.read(Role.MAINTENANCE, Role.COMMITTEE);
    }

    /**
     * The emergency modes: everyone sees which are in force (a crew must know the doors are held
     * open); only the admin raises or clears one, each try journaled as {@code emergency-raise} or
     * {@code emergency-clear} of the mode.
     */
    public static Rule emergency(OperatorRequest r) {
        if (r.method().equals(HttpMethod.GET)) {
            return Rule.read(Role.MAINTENANCE, Role.COMMITTEE);
        }
        String[] parts = r.path()
                .substring(r.path().indexOf("/api/emergency") + "/api/emergency".length())
                .split("/");
        String mode = parts.length > 1 ? parts[1] : "?";
        String action = parts.length > 2 ? parts[2] : "?";
        return Rule.change("emergency-" + action, mode, Role.ADMIN);
    }

    private static boolean csv(OperatorRequest r) {
        return r.param("format").orElse("json").equals("csv");
    }
}
