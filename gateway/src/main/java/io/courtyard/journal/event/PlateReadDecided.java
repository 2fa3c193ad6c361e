package io.courtyard.journal.event;

import java.time.Instant;

/**
 * A plate camera's read and the access decision on it, journaled once per idempotency key; the
 * device is the barrier, the time the read's. The decision's members are those of
 * {@link AccessDecided}, with the same personal-data rules (the credential masked, its full value
 * only for an unknown plate), then the read's.
 *
 * @param camera the camera's serial
 * @param vendor the push format ({@code hikvision}, {@code vzenith}, {@code generic})
 * @param key the idempotency key of the read (a camera's retry carries the same)
 * @param plate the plate as read, masked ({@code 京A***45})
 * @param match how the read matched the list: {@code exact}, {@code near} or {@code none}
 * @param confidence the camera's confidence, 0 to 100
 * @param replay the camera sent it again from its own buffer (after an outage)
 * @param open the barrier is told to open once this event is durable
 * @param cameraTime the camera's own time of the read, when it gave one
 * @param color the plate's colour as the camera named it
 * @param list the camera's own list verdict, when it named one
 */
@Constant(name = "event", value = "plate-read", tag = true)
public record PlateReadDecided(
        @Tag AccessDecided.Decision decision,
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
        @Nullable AccessDecided.Actuation actuation,
        @Nullable AccessDecided.StateChange state,
        String camera,
        @Tag String vendor,
        String key,
        @Nullable @Personal(Privacy.MASKED) String plate,
        @Tag String match,
        int confidence,
        boolean replay,
        boolean open,
        @Nullable Instant cameraTime,
        @Nullable String color,
        @Nullable String list)
        implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
