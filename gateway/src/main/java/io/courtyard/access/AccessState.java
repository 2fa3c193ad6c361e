package io.courtyard.access;

import io.courtyard.access.StateChange.Position;
import io.courtyard.config.DevicesConfig.AntiPassback;
import io.courtyard.config.DevicesConfig.Direction;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;

/**
 * The stateful rules' memory: pass uses, anti-passback positions, zone occupancy and the
 * emergency modes. Decisions that touch no stateful rule never come here. Those that do lock
 * only their own subject (one card, pass or permit: uncontended in practice), and occupancy is
 * a compare-and-set counter per zone, so the read path stays free of shared locks.
 *
 * <p>Occupancy is not counted separately from positions: it is the number of subjects whose
 * position in a zone is IN, so a restart rebuilds it exactly from the positions. A position carries
 * the time it was taken: where a zone or gate pair lets positions expire, an expired one counts as
 * unknown (and leaves the occupancy), and an operator can clear positions ({@link #reset}).
 */
public final class AccessState {
    private final ConcurrentHashMap<String, SubjectState> subjects = new ConcurrentHashMap<>();
    private final Occupancy occupancy = new Occupancy();
    private final AtomicReference<Emergency> emergency = new AtomicReference<>(Emergency.NONE);

    /** One subject's uses and positions by area; guarded by its own monitor. */
    private static final class SubjectState {
        int uses;
        final Map<String, Seen> positions = new HashMap<>(4);
    }

    /** A position and when it was taken (epoch ms). */
    private record Seen(Position position, long atMillis) {
        boolean expired(long nowMillis, long expiryMillis) {
            return expiryMillis > 0 && nowMillis - atMillis >= expiryMillis;
        }
    }

    /**
     * What one request asks of the stateful rules.
     *
     * @param maxUses the pass's limit when this request uses one entry, else 0
     * @param area {@code zone:ID} or {@code pair:ID}, or null when no position is tracked
     * @param capacity the zone's capacity, or -1 when the area is no parking zone
     * @param expiryMillis how long a position in {@code area} lasts, 0 for ever
     * @param replay a read replayed from a camera's offline store: its position applies only when it is
     *     newer than the one recorded
     * @param atMillis the request's time
     */
    record Ask(
            String subject,
            int maxUses,
            String area,
            Direction direction,
            AntiPassback antiPassback,
            int capacity,
            boolean reserved,
            long expiryMillis,
            boolean replay,
            long atMillis) {}

    /**
     * The stateful rules' verdict; {@code change} is null on a denial and when nothing changed;
     * {@code older}: a replay older than the recorded position, which it left alone.
     */
    record Verdict(Reason reason, StateChange change, boolean older) {
        Verdict(Reason reason, StateChange change) {
            this(reason, change, false);
        }
    }

    public Emergency emergency() {
        return emergency.get();
    }

    void emergency(Emergency e) {
        emergency.set(e);
    }

    boolean compareAndSetEmergency(Emergency expected, Emergency next) {
        return emergency.compareAndSet(expected, next);
    }

    /** Current occupancy of a parking zone. */
    public int occupancy(String zoneId) {
        return occupancy.get("zone:" + zoneId);
    }

    /** Entries used on a pass so far. */
    public int uses(String passId) {
        SubjectState s = subjects.get("pass:" + passId);
        if (s == null) {
            return 0;
        }
        synchronized (s) {
            return s.uses;
        }
    }

    /** Position of a subject in an area, or null when never seen there. */
    public Position position(String subject, String area) {
        SubjectState s = subjects.get(subject);
        if (s == null) {
            return null;
        }
        synchronized (s) {
            Seen seen = s.positions.get(area);
            return seen == null ? null : seen.position();
        }
    }

    /** Decides the stateful rules and, when {@code commit}, records the change atomically for this subject. */
    Verdict admit(Ask ask, boolean commit) {
        SubjectState s =
                commit ? subjects.computeIfAbsent(ask.subject(), k -> new SubjectState()) : subjects.get(ask.subject());
        if (s == null) {
            s = new SubjectState();
        }
        synchronized (s) {
            return decide(s, ask, commit);
        }
    }

    private Verdict decide(SubjectState s, Ask ask, boolean commit) {
        if (ask.maxUses() > 0 && s.uses >= ask.maxUses()) {
            return new Verdict(Reason.PASS_USED_UP, null);
        }
        Reason reason = Reason.GRANTED;
        Position next = null;
        boolean enterZone = false;
        boolean leaveZone = false;
        Seen seen = ask.area() == null ? null : s.positions.get(ask.area());
        // A replay older than what is recorded happened before it: the later pass stands.
        boolean older = ask.replay() && seen != null && seen.atMillis() > ask.atMillis();
        if (ask.area() != null && !older) {
            boolean stale = seen != null && seen.expired(ask.atMillis(), ask.expiryMillis());
            if (stale && commit) {
                forget(s, ask.area(), ask.capacity() >= 0);
            }
            Position now = seen == null || stale ? null : seen.position();
            Position target = ask.direction() == Direction.ENTRY ? Position.IN : Position.OUT;
            if (now == target) {
                // Entered twice, or leaving without having entered: a missed read or a shared card.
                if (ask.antiPassback() == AntiPassback.HARD) {
                    return new Verdict(Reason.ANTI_PASSBACK, null);
                }
                reason = ask.antiPassback() == AntiPassback.SOFT ? Reason.ANTI_PASSBACK_FLAGGED : Reason.GRANTED;
            } else {
                next = target;
                enterZone = ask.capacity() >= 0 && target == Position.IN;
                leaveZone = ask.capacity() >= 0 && now == Position.IN;
            }
        }
        if (enterZone) {
            Reason r = occupancy.reserve(ask, commit);
            if (!r.grants()) {
                return new Verdict(r, null);
            }
            if (r == Reason.RESERVED_OVER_CAPACITY) {
                reason = r;
            }
        }
        if (!commit) {
            return new Verdict(reason, null, older);
        }
        if (leaveZone) {
            occupancy.leave(ask.area());
        }
        if (next != null) {
            s.positions.put(ask.area(), new Seen(next, ask.atMillis()));
        } else if (ask.area() != null && ask.expiryMillis() > 0 && !older) {
            // Soft anti-passback: still there, seen again; its position lasts from now.
            s.positions.computeIfPresent(ask.area(), (a, p) -> new Seen(p.position(), ask.atMillis()));
        }
        if (ask.maxUses() > 0) {
            s.uses++;
        }
        boolean changed = next != null || ask.maxUses() > 0;
        return new Verdict(
                reason,
                changed
                        ? new StateChange(
                                ask.subject(), ask.maxUses() > 0 ? s.uses : -1, next == null ? null : ask.area(), next)
                        : null,
                older);
    }

    /** Re-applies a change recorded at {@code at} (restart): positions are set, uses only ever grow. */
    public void replay(StateChange c, Instant at) {
        SubjectState s = subjects.computeIfAbsent(c.subject(), k -> new SubjectState());
        synchronized (s) {
            if (c.uses() > s.uses) {
                s.uses = c.uses();
            }
            if (c.area() != null && c.position() != null) {
                s.positions.put(c.area(), new Seen(c.position(), at.toEpochMilli()));
            }
        }
    }

    /**
     * Gives back the entry {@code c} counted, when the decision could not be recorded (the door stayed
     * shut); nothing when a later decision has counted another entry since.
     */
    void giveBack(StateChange c) {
        SubjectState s = subjects.get(c.subject());
        if (s == null || c.uses() < 0) {
            return;
        }
        synchronized (s) {
            if (s.uses == c.uses()) {
                s.uses--;
            }
        }
    }

    /**
     * Takes back what a granted decision {@code c} recorded when its barrier did not open after all
     * (its event could not be made durable in time): the vehicle is still on the side it came from,
     * so its position turns to that side, and its zone's occupancy follows; a pass gets its entry
     * back. Nothing happens when another decision for the subject has moved it since {@code decidedAt}
     * (the decision's own time). Returns the change that undoes {@code c} (for the journal), or null
     * when there was nothing to undo.
     */
    public StateChange takeBack(StateChange c, Instant decidedAt) {
        SubjectState s = subjects.get(c.subject());
        if (s == null) {
            return null;
        }
        synchronized (s) {
            int uses = -1;
            if (c.uses() > 0 && s.uses == c.uses()) {
                uses = --s.uses;
            }
            Position back = null;
            Seen seen = c.area() == null ? null : s.positions.get(c.area());
            if (seen != null && seen.position() == c.position() && seen.atMillis() == decidedAt.toEpochMilli()) {
                back = c.position() == Position.IN ? Position.OUT : Position.IN;
                s.positions.put(c.area(), new Seen(back, decidedAt.toEpochMilli()));
                if (c.area().startsWith("zone:")) {
                    if (back == Position.IN) {
                        occupancy.enter(c.area());
                    } else {
                        occupancy.leave(c.area());
                    }
                }
            }
            return uses < 0 && back == null
                    ? null
                    : new StateChange(c.subject(), uses, back == null ? null : c.area(), back);
        }
    }

    /**
     * Clears positions: {@code subject}'s in {@code area}, all of {@code subject}'s when {@code area}
     * is null, everyone's in {@code area} when {@code subject} is null. Returns how many were cleared;
     * the cleared vehicles leave their zone's occupancy.
     */
    public int reset(String subject, String area) {
        int n = 0;
        for (Map.Entry<String, SubjectState> e : subjects.entrySet()) {
            if (subject != null && !subject.equals(e.getKey())) {
                continue;
            }
            SubjectState s = e.getValue();
            synchronized (s) {
                for (String a : List.copyOf(s.positions.keySet())) {
                    if (area == null || area.equals(a)) {
                        forget(s, a, a.startsWith("zone:"));
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /** Drops every position older than its area's expiry ({@code expiryOf}, ms, 0 = never); returns how many. */
    public int expire(Instant now, ToLongFunction<String> expiryOf) {
        long t = now.toEpochMilli();
        int n = 0;
        for (SubjectState s : subjects.values()) {
            synchronized (s) {
                for (Map.Entry<String, Seen> p : List.copyOf(s.positions.entrySet())) {
                    if (p.getValue().expired(t, expiryOf.applyAsLong(p.getKey()))) {
                        forget(s, p.getKey(), p.getKey().startsWith("zone:"));
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /** Removes a position, under the subject's lock; a vehicle inside a zone leaves its occupancy. */
    private void forget(SubjectState s, String area, boolean zone) {
        Seen seen = s.positions.remove(area);
        if (zone && seen != null && seen.position() == Position.IN) {
            occupancy.leave(area);
        }
    }

    /** Recounts every zone's occupancy from the positions; call after replaying, before deciding. */
    public void recountOccupancy() {
        Map<String, Integer> counts = new HashMap<>();
        subjects.values().forEach(s -> {
            synchronized (s) {
                s.positions.forEach((area, p) -> {
                    if (p.position() == Position.IN && area.startsWith("zone:")) {
                        counts.merge(area, 1, Integer::sum);
                    }
                });
            }
        });
        occupancy.reset(counts);
    }
}
