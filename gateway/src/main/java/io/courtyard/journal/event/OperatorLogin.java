package io.courtyard.journal.event;

/**
 * Someone tried to log in to the operator listener, with a password or a script's token, and
 * whether it worked; the password or token itself is never journaled.
 *
 * @param user the name given (for a token, the token's configured name; {@code ?} when no token matched)
 * @param role the role granted, on success
 * @param from the client's address
 */
@Constant(name = "audit", value = "login", tag = true)
public record OperatorLogin(@Tag Outcome outcome, @Tag Method method, String user, @Nullable String role, String from)
        implements Event {

    public enum Outcome {
        OK,
        WRONG_PASSWORD,
        UNKNOWN_USER,
        THROTTLED,
        BAD_TOKEN
    }

    public enum Method {
        PASSWORD,
        TOKEN
    }

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
