package io.courtyard.journal.event;

/**
 * An operator's session ended: logged out, or found idle or past its absolute limit by the next
 * request that carried it.
 *
 * @param from the address of the request that ended it
 */
@Constant(name = "audit", value = "logout", tag = true)
public record OperatorLogout(@Tag Reason reason, String user, String role, String from) implements Event {

    public enum Reason {
        LOGOUT,
        IDLE,
        EXPIRED
    }

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
