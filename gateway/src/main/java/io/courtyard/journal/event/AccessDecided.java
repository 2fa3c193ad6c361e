package io.courtyard.journal.event;

import java.util.List;

/**
 * A grant or deny at a gate, barrier or elevator; the device is the envelope's. The credential is
 * masked; {@code subject} (the access-list id) links a known credential to its full value for an
 * audit, so the full value is written only for an unknown credential. {@code state} carries what
 * the stateful rules changed, in absolute values, so a restart can rebuild uses and positions.
 *
 * @param reason the decision's reason code ({@code granted}, {@code unknown-credential}, ...)
 * @param direction {@code entry} or {@code exit} at barriers and anti-passback gates
 * @param credentialType {@code card}, {@code raw}, {@code plate} or {@code code}
 * @param rule the rule that decided, in words
 */
public record AccessDecided(
        @Tag Decision decision,
        @Tag String reason,
        @Tag @Nullable String direction,
        @Tag @Nullable String credentialType,
        @Nullable @Personal(Privacy.MASKED) String credential,
        @Nullable @Personal(Privacy.PERSONAL) String credentialFull,
        @Nullable String subject,
        @Nullable String holder,
        @Nullable String holderKind,
        @Nullable @Personal(Privacy.PERSONAL) String household,
        @Nullable String rule,
        long aclVersion,
        @Nullable Actuation actuation,
        @Nullable StateChange state)
        implements Event {

    public enum Decision {
        GRANT,
        DENY
    }

    /**
     * What was actuated: a strike pulse, floors enabled (with their relay outputs), a landing's hall
     * call enabled (its floor and output) or a barrier raised; exactly the members of that one.
     */
    public record Actuation(
            @Nullable Long pulseMs,
            @Nullable List<Integer> floors,
            @Nullable List<Integer> outputs,
            @Nullable Integer hallCall,
            @Nullable Integer output,
            @Nullable Long enableForMs,
            @Nullable String barrier) {
        public static Actuation pulse(long ms) {
            return new Actuation(ms, null, null, null, null, null, null);
        }

        public static Actuation floors(List<Integer> floors, List<Integer> outputs, long enableForMs) {
            return new Actuation(null, List.copyOf(floors), List.copyOf(outputs), null, null, enableForMs, null);
        }

        public static Actuation hallCall(int floor, int output, long enableForMs) {
            return new Actuation(null, null, null, floor, output, enableForMs, null);
        }

        public static Actuation raiseBarrier() {
            return new Actuation(null, null, null, null, null, null, "raise");
        }
    }

    /**
     * @param subject {@code holder:ID}, {@code pass:ID} or {@code permit:ID}
     * @param uses the pass's entries used after this decision; absent when not counted
     * @param area {@code zone:ID} or {@code pair:ID} whose position changed
     */
    public record StateChange(
            String subject, @Nullable Integer uses, @Nullable String area, @Nullable Position position) {}

    public enum Position {
        IN,
        OUT
    }

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
