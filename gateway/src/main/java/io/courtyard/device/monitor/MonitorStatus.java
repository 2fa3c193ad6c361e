package io.courtyard.device.monitor;

import java.util.List;

/**
 * What a monitor's status payload says; every field is optional (null: not in this message), since
 * some firmwares send only what changed. Values are in our vocabulary (README "Elevator monitors").
 *
 * @param running {@code running} or {@code stopped}
 * @param direction {@code up}, {@code down} or {@code none}
 * @param door {@code open}, {@code closed}, {@code opening} or {@code closing}
 * @param power {@code mains}, {@code battery} or {@code none}
 * @param mode {@code normal}, {@code inspection}, {@code fire} or {@code out-of-service}
 * @param speed metres per second
 * @param runCount the monitor's own run counter
 * @param doorCycles the monitor's own door-cycle counter
 * @param faults the codes active now, when the firmware reports its whole fault set with its status
 */
public record MonitorStatus(
        String running,
        String direction,
        Integer floor,
        String door,
        Boolean passenger,
        String power,
        String mode,
        Double speed,
        Long runCount,
        Long doorCycles,
        List<String> faults) {

    /** This status with the fields it lacks taken from {@code before}: the car as last known. */
    MonitorStatus over(MonitorStatus before) {
        if (before == null) {
            return this;
        }
        return new MonitorStatus(
                running != null ? running : before.running,
                direction != null ? direction : before.direction,
                floor != null ? floor : before.floor,
                door != null ? door : before.door,
                passenger != null ? passenger : before.passenger,
                power != null ? power : before.power,
                mode != null ? mode : before.mode,
                speed != null ? speed : before.speed,
                runCount != null ? runCount : before.runCount,
                doorCycles != null ? doorCycles : before.doorCycles,
                faults != null ? faults : before.faults);
    }

    /** Whether the car is moving: the {@code running} field, else a direction other than none; null when unknown. */
    Boolean moving() {
        if (running != null) {
            return running.equals("running");
        }
        return direction == null ? null : !direction.equals("none");
    }

    boolean doorOpen() {
        return "open".equals(door) || "opening".equals(door);
    }
}
