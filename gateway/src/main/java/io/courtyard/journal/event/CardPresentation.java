package io.courtyard.journal.event;

import java.time.Instant;
import java.util.List;

/**
 * A card presented at an elevator's reader, as trips and passenger alarms list them: personal
 * data as in access events, the household in full and the credential masked.
 */
public record CardPresentation(
        Instant at,
        AccessDecided.Decision decision,
        String reason,
        @Nullable @Personal(Privacy.PERSONAL) String household,
        @Nullable String holder,
        @Nullable String holderKind,
        @Nullable @Personal(Privacy.MASKED) String credential,
        List<Integer> floors) {}
