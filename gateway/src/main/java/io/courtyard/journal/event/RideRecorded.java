package io.courtyard.journal.event;

import java.time.Instant;

/**
 * An elevator ride: a grant's holder pressed {@code toFloor}; the envelope's {@code ts} is the
 * press, {@code grantedAt} the card. Personal data as in {@link AccessDecided}.
 *
 * @param fromFloor where the ride is assumed to start (the lobby); absent for a ride to the lobby
 * @param fromKnown whether {@code fromFloor} was observed; a car reader cannot know, so false today
 * @param selected the gateway pressed {@code toFloor} for the passenger (elevator control: select);
 *     absent otherwise
 */
public record RideRecorded(
        @Tag String elevator,
        String building,
        String unit,
        @Nullable String credentialType,
        @Nullable @Personal(Privacy.MASKED) String credential,
        @Nullable String subject,
        @Nullable String holder,
        @Nullable String holderKind,
        @Nullable @Personal(Privacy.PERSONAL) String household,
        @Tag @Nullable Integer fromFloor,
        boolean fromKnown,
        @Tag int toFloor,
        @Nullable Boolean selected,
        Instant grantedAt,
        String reason,
        long aclVersion)
        implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}
