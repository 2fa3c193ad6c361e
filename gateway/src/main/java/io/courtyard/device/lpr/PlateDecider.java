package io.courtyard.device.lpr;

import io.courtyard.access.AccessService;
import io.courtyard.access.Decision;
import io.courtyard.access.PlateDecision;
import io.courtyard.access.PlateRequest;
import io.courtyard.access.StateChange;
import io.courtyard.journal.EventDraft;
import java.time.Instant;
import java.util.function.Function;

/**
 * The access engine as the barrier desk uses it: decide a read and journal its event, or take a
 * grant back. {@link AccessService} in the gateway; a stand-in in tests, to hold a journal future.
 */
interface PlateDecider {
    AccessService.RecordedRead decide(PlateRequest request, Function<PlateDecision, EventDraft> event);

    StateChange takeBack(Decision d, Instant decidedAt);

    static PlateDecider of(AccessService access) {
        return new PlateDecider() {
            @Override
            public AccessService.RecordedRead decide(PlateRequest request, Function<PlateDecision, EventDraft> event) {
                return access.decidePlate(request, event);
            }

            @Override
            public StateChange takeBack(Decision d, Instant decidedAt) {
                return access.takeBack(d, decidedAt);
            }
        };
    }
}
