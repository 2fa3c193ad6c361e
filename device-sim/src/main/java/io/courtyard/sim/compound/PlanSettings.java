package io.courtyard.sim.compound;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * What the simulated month is made of, besides the compound.
 *
 * @param seed the same seed, compound and month give the same happenings
 * @param intensity share of the residents' outings played, 0 < x ≤ 1: a smaller month with the same shape
 * @param visitorsPerDay visitors' cars on a workday (twice as many on days off)
 * @param deliveriesPerDay delivery vehicles on a workday (half as many on days off)
 * @param faultsPerElevator monitor faults per elevator and month
 * @param trapped trapped-passenger calls per month, on the elevators in turn
 * @param holidays public holidays; {@code workdays} the weekend days worked instead (调休)
 */
public record PlanSettings(
        long seed,
        double intensity,
        int visitorsPerDay,
        int deliveriesPerDay,
        int faultsPerElevator,
        int trapped,
        Set<LocalDate> holidays,
        Map<LocalDate, String> workdays) {
    public PlanSettings {
        if (!(intensity > 0 && intensity <= 1)) {
            throw new IllegalArgumentException("intensity: " + intensity + " is outside (0, 1]");
        }
        if (visitorsPerDay < 0 || deliveriesPerDay < 0 || faultsPerElevator < 0 || trapped < 0) {
            throw new IllegalArgumentException("visitors, deliveries, faults and trapped: counts from 0, found "
                    + visitorsPerDay + ", " + deliveriesPerDay + ", " + faultsPerElevator + ", " + trapped);
        }
        holidays = Set.copyOf(holidays);
        workdays = Map.copyOf(workdays);
    }

    /** A realistic month of {@code seed}: every outing, 3 visitors and 4 deliveries a day, 3 faults per car, 1 trapped. */
    public static PlanSettings realistic(long seed, Set<LocalDate> holidays, Map<LocalDate, String> workdays) {
        return new PlanSettings(seed, 1, 3, 4, 3, 1, holidays, workdays);
    }

    public PlanSettings withIntensity(double share) {
        return new PlanSettings(
                seed, share, visitorsPerDay, deliveriesPerDay, faultsPerElevator, trapped, holidays, workdays);
    }

    public DayKind kind(LocalDate date) {
        return DayKind.of(date, holidays, workdays);
    }
}
