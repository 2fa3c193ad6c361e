package io.courtyard.billing;

/**
 * A household's use of one elevator in one month: what the ride-based models split by.
 *
 * @param floorsTravelled a ride to floor n counts n − 1 floors
 */
public record Usage(long rides, long floorsTravelled) {
    public static final Usage NONE = new Usage(0, 0);
}
