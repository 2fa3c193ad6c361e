package io.courtyard.sim.compound;

import java.time.Instant;

/** A visitor's or a delivery's plate pass, issued by a household for the time of the visit. */
public record Pass(String id, String household, String plate, Instant from, Instant to) {
    public String credential() {
        return "plate:" + plate;
    }
}
