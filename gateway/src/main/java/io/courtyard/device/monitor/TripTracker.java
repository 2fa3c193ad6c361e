package io.courtyard.device.monitor;

import java.time.Duration;
import java.time.Instant;

/**
 * Trips from a monitor's status stream: a trip starts when the car starts moving (the {@code running}
 * field, else a direction other than none) and ends when it stops; it is a trip when the floor
 * changed (a re-levelling run is not). Door openings are counted between trips, and each trip
 * carries those of its departure floor. Guarded by its monitor's lock.
 */
final class TripTracker {
    /**
     * One trip.
     *
     * @param doorCycles door openings at the departure floor, since the previous trip ended
     * @param mode the service mode at departure ({@code inspection} trips are a technician's)
     */
    record Trip(
            int fromFloor,
            int toFloor,
            Instant startedAt,
            Instant endedAt,
            Duration duration,
            int doorCycles,
            String mode) {
        String direction() {
            return toFloor > fromFloor ? "up" : "down";
        }
    }

    private Boolean moving;
    private Integer stoppedAt;
    private Integer fromFloor;
    private Instant startedAt;
    private String startMode;
    private boolean doorOpen;
    private int doorCycles;
    private int doorCyclesAtStart;
    private long doorOpenings;
    private Duration running = Duration.ZERO;

    /**
     * The car as last known after this message ({@code car}), what the message itself said
     * ({@code reported}) and its time; returns the trip this status ended, or null.
     */
    Trip next(MonitorStatus car, MonitorStatus reported, Instant at) {
        if (reported.door() != null) {
            boolean open = reported.doorOpen();
            if (open && !doorOpen) {
                doorCycles++;
                doorOpenings++;
            }
            doorOpen = open;
        }
        Boolean now = car.moving();
        Trip trip = null;
        if (now != null && moving != null && now != moving) {
            if (now) {
                startedAt = at;
                fromFloor = stoppedAt != null ? stoppedAt : car.floor();
                startMode = car.mode();
                doorCyclesAtStart = doorCycles;
                doorCycles = 0;
            } else {
                trip = ended(car.floor(), at);
            }
        }
        if (now != null) {
            moving = now;
        }
        if (Boolean.FALSE.equals(moving) && car.floor() != null) {
            stoppedAt = car.floor();
        }
        return trip;
    }

    private Trip ended(Integer toFloor, Instant at) {
        Trip trip = null;
        if (startedAt != null) {
            Duration d = Duration.between(startedAt, at);
            d = d.isNegative() ? Duration.ZERO : d;
            running = running.plus(d);
            if (fromFloor != null && toFloor != null && !fromFloor.equals(toFloor)) {
                trip = new Trip(fromFloor, toFloor, startedAt, at, d, doorCyclesAtStart, startMode);
            }
        }
        startedAt = null;
        fromFloor = null;
        return trip;
    }

    /** Door openings seen so far. */
    long doorOpenings() {
        return doorOpenings;
    }

    /** Running time of every run seen so far (trips and re-levelling alike). */
    Duration running() {
        return running;
    }
}
