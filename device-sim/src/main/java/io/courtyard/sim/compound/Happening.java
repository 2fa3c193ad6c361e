package io.courtyard.sim.compound;

import java.time.Instant;

/**
 * One thing that happens at the compound at a time of the simulated month, acted out on the emulated
 * devices. {@link #lane()} is the device it occupies: happenings of one lane are played in order,
 * lanes side by side.
 */
public sealed interface Happening {
    Instant at();

    String lane();

    /** A card at a gate's reader, then through the door. */
    record GateIn(Instant at, String gate, Person person) implements Happening {
        @Override
        public String lane() {
            return gate;
        }
    }

    /** Out through a gate by its exit button. */
    record GateOut(Instant at, String gate, Person person) implements Happening {
        @Override
        public String lane() {
            return gate;
        }
    }

    /** A card in the car, then home to {@code floor}: a ride the gateway records; the monitor reports the trip. */
    record Ride(Instant at, String elevator, Person person, int floor) implements Happening {
        @Override
        public String lane() {
            return elevator;
        }
    }

    /** Down to the lobby from {@code floor}: no card, the lobby is public; the monitor reports the trip. */
    record Descend(Instant at, String elevator, int floor) implements Happening {
        @Override
        public String lane() {
            return elevator;
        }
    }

    /** Why a car comes to the barrier. */
    enum Driver {
        RESIDENT,
        VISITOR,
        DELIVERY
    }

    /** A car read by the camera of {@code barrier} (entry or exit). */
    record Car(Instant at, String barrier, String plate, Driver driver, boolean entering) implements Happening {
        /** By car: its entry always before its exit, whichever barriers they are. */
        @Override
        public String lane() {
            return "car:" + plate;
        }
    }

    /** An elevator's monitor raises a fault code ({@code type} of the gateway's vocabulary). */
    record FaultRaised(Instant at, String elevator, String type) implements Happening {
        @Override
        public String lane() {
            return elevator;
        }
    }

    /** The monitor clears the code: the car is back in service (a trapped passenger freed). */
    record FaultCleared(Instant at, String elevator, String type) implements Happening {
        @Override
        public String lane() {
            return elevator;
        }
    }

    /** Passengers trapped in the car: the monitor's trapped code, held until {@link FaultCleared}. */
    record Trapped(Instant at, String elevator) implements Happening {
        public static final String TYPE = "trapped-between-floors";

        @Override
        public String lane() {
            return elevator;
        }
    }

    /** What a crew does about an elevator's open fault, through the operator API. */
    enum CrewAction {
        ACK,
        ARRIVE,
        CLOSE
    }

    /** A crew member acts on the open fault of {@code type} at {@code elevator}. */
    record Crew(Instant at, String elevator, String type, CrewAction action, String by) implements Happening {
        /** The elevator's: a crew acts after the monitor's raise and before or after its clear, never across them. */
        @Override
        public String lane() {
            return elevator;
        }
    }
}
