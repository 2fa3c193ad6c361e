package io.courtyard.sim.monitor;

/**
 * An emulated elevator car as its monitor sees it; written as a status payload in our schema (the
 * README's "Elevator monitors"). Confined to its emulator's lock.
 */
final class CarState {
    int floor = 1;
    String door = "closed";
    boolean running;
    String direction = "none";
    boolean passenger;
    String power = "mains";
    String mode = "normal";
    double speed;
    long runCount;
    long doorCycles;

    String json(long epochMillis) {
        return "{\"ts\":" + epochMillis + ",\"running\":\"" + (running ? "running" : "stopped") + "\",\"direction\":\""
                + direction + "\",\"floor\":" + floor + ",\"door\":\"" + door + "\",\"passenger\":" + passenger
                + ",\"power\":\"" + power + "\",\"mode\":\"" + mode + "\",\"speed\":" + speed + ",\"runCount\":"
                + runCount + ",\"doorCycles\":" + doorCycles + "}";
    }
}
