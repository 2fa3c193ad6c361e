package io.courtyard.access;

import io.courtyard.config.DevicesConfig.Direction;
import java.time.Instant;

/**
 * One request being decided: what every rule reads (snapshot, device, time, emergency) and the
 * attribution gathered on the way. Lives for one decision on one thread.
 */
final class Evaluation {
    final AccessSnapshot snapshot;
    final SiteLayout.Device device;
    final AccessRequest request;
    final Emergency emergency;
    final AccessState state;
    final boolean commit;
    /** A camera's replayed read: state changes as of its time, nothing is actuated. */
    boolean replay;
    /** The id groups, passes and {@code pinAt} list for this device: a landing reader's is its elevator's. */
    final String permissionId;
    /** The car whose floors decide: the device itself, or a landing reader's elevator; null elsewhere. */
    final SiteLayout.Elevator elevator;

    private long localSeconds = Long.MIN_VALUE;
    private String subject;
    private String holder;
    private String holderKind;
    private String household;
    private Direction direction;

    Evaluation(
            AccessSnapshot snapshot,
            SiteLayout.Device device,
            AccessRequest request,
            Emergency emergency,
            AccessState state,
            boolean commit) {
        this.snapshot = snapshot;
        this.device = device;
        this.request = request;
        this.emergency = emergency;
        this.state = state;
        this.commit = commit;
        if (device instanceof SiteLayout.Barrier b) {
            direction = b.direction();
        } else if (device instanceof SiteLayout.Gate g) {
            direction = g.side();
        }
        if (device instanceof SiteLayout.HallCall h) {
            elevator = h.elevator();
            permissionId = h.elevator().id();
        } else {
            elevator = device instanceof SiteLayout.Elevator el ? el : null;
            permissionId = device == null ? request.device() : device.id();
        }
    }

    Instant at() {
        return request.at();
    }

    void attribute(String subject, String holder, String holderKind, String household) {
        this.subject = subject;
        this.holder = holder;
        this.holderKind = holderKind;
        this.household = household;
    }

    long epochDay() {
        return SiteClock.epochDay(local());
    }

    int secondOfDay() {
        return SiteClock.secondOfDay(local());
    }

    private long local() {
        if (localSeconds == Long.MIN_VALUE) {
            localSeconds = snapshot.clock().localSeconds(request.at());
        }
        return localSeconds;
    }

    /** The request's time in the site's zone, for explanations. */
    String localTime() {
        return request.at().atZone(snapshot.clock().zone()).toLocalDateTime().toString();
    }

    Decision deny(Reason reason, String rule) {
        return decision(reason, Actuation.NONE, rule, null);
    }

    Decision decision(Reason reason, Actuation actuation, String rule, StateChange change) {
        return new Decision(
                reason,
                request.device(),
                direction,
                request.credential(),
                subject,
                holder,
                holderKind,
                household,
                reason.grants() && !replay ? actuation : Actuation.NONE,
                rule,
                change,
                snapshot.version());
    }
}
