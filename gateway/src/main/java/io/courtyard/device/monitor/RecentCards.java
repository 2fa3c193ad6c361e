package io.courtyard.device.monitor;

import io.courtyard.access.AccessRequest;
import io.courtyard.access.Actuation;
import io.courtyard.access.Decision;
import io.courtyard.device.Decider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last card presentations at each elevator's reader, as the access service decided them: the
 * people probably in the car when its passengers are trapped. Fed at decision time through the
 * {@link Decider} seam (the access room knows nothing of elevators or monitors), held in a small
 * ring per elevator, in memory only: who pressed a card in the last minutes is all a crew needs.
 */
public final class RecentCards {
    /** Presentations kept per elevator; a busy car sees a few a minute. */
    static final int PER_ELEVATOR = 32;

    /**
     * One presentation, personal data as in access events: the household and the masked credential.
     *
     * @param floors the floors a grant enabled; empty for a denial
     */
    public record Presentation(
            Instant at,
            boolean granted,
            String reason,
            String household,
            String holder,
            String holderKind,
            String credential,
            List<Integer> floors) {}

    private final Map<String, ArrayDeque<Presentation>> rings = new HashMap<>();

    /** @param elevators the ids of the elevators whose presentations are kept */
    public RecentCards(Collection<String> elevators) {
        elevators.forEach(e -> rings.put(e, new ArrayDeque<>(PER_ELEVATOR)));
    }

    /** {@code decider} with every decision at one of the elevators noted here on its way back. */
    public Decider around(Decider decider) {
        return request -> decider.decide(request).whenComplete((d, e) -> {
            if (d != null) {
                note(request, d);
            }
        });
    }

    void note(AccessRequest request, Decision d) {
        ArrayDeque<Presentation> ring = rings.get(request.device());
        if (ring == null) {
            return;
        }
        List<Integer> floors = d.actuation() instanceof Actuation.Floors f ? List.copyOf(f.floors()) : List.of();
        Presentation p = new Presentation(
                request.at(),
                d.granted(),
                d.reason().code(),
                d.household(),
                d.holder(),
                d.holderKind(),
                d.credential() == null ? null : d.credential().masked(),
                floors);
        synchronized (ring) {
            if (ring.size() == PER_ELEVATOR) {
                ring.pollFirst();
            }
            ring.addLast(p);
        }
    }

    /** Presentations at {@code elevator} from {@code window} before {@code now} on, oldest first. */
    public List<Presentation> recent(String elevator, Instant now, Duration window) {
        ArrayDeque<Presentation> ring = rings.get(elevator);
        if (ring == null) {
            return List.of();
        }
        Instant from = now.minus(window);
        List<Presentation> out = new ArrayList<>();
        synchronized (ring) {
            for (Presentation p : ring) {
                if (!p.at().isBefore(from)) {
                    out.add(p);
                }
            }
        }
        return out;
    }
}
