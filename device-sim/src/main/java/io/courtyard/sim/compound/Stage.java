package io.courtyard.sim.compound;

import io.courtyard.sim.compound.Happening.Crew;
import java.time.Instant;

/**
 * The devices a month is played on. Each call acts on emulated devices (or, for a crew, on the
 * operator API) over real sockets and returns once the gateway has answered what it must answer
 * (a card's decision), so a lane's next happening follows its last.
 */
public interface Stage {
    /** A card at the gate's reader; returns once the reader showed the decision. */
    void gateIn(String gate, Person person) throws Exception;

    /** Someone presses the gate's exit button. */
    void gateOut(String gate) throws Exception;

    /** A card in the car and the home floor: returns once the card was decided and the floor pressed. */
    void ride(String elevator, Person person, int floor) throws Exception;

    /** The car goes down to the lobby empty of cards: only the monitor reports the trip. */
    void descend(String elevator, int floor) throws Exception;

    /** A car at a barrier's camera; {@code at} is the camera's own time of the read. */
    void car(String barrier, String plate, Instant at) throws Exception;

    void faultRaised(String elevator, String type) throws Exception;

    void faultCleared(String elevator, String type) throws Exception;

    /** Passengers trapped: returns once the gateway raised the fault (after its debounce). */
    void trapped(String elevator) throws Exception;

    /** A crew acts on an open fault through the operator API. */
    void crew(Crew crew) throws Exception;

    /**
     * Waits until everything started so far has reached the gateway (monitor trips acknowledged): called
     * before each jump of the clock, so no report crosses it.
     */
    void settle() throws Exception;

    /** Devices that report on their own (monitor heartbeats) report once: the clock is passing a quiet stretch. */
    void keepAlive() throws Exception;
}
