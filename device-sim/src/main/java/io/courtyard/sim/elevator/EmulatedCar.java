package io.courtyard.sim.elevator;

import io.courtyard.config.DevicesConfig.Elevator;
import io.courtyard.config.DevicesConfig.HallCall;
import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.sim.osdp.EmulatedPd;
import io.courtyard.sim.osdp.OsdpSim;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An elevator's controller as a card-control retrofit meets it, wired to the emulated relay board
 * and landing readers of a gateway configuration:
 *
 * <ul>
 *   <li>each car button is wired through its floor's enable relay ({@code floorOutputs}, 楼控): a
 *       press registers a car call only while that relay is closed, and the board's input for the
 *       floor ({@code floorInputs}) reports the press either way;
 *   <li>each select relay ({@code selectOutputs}, 层控) is wired across its floor's button, behind the
 *       enable relay: closing it is a press, registered when the floor is enabled, and seen on the
 *       floor's input like a passenger's;
 *   <li>each landing call button ({@code hallCalls}, 呼梯) is wired through its own enable relay.
 * </ul>
 *
 * Tests and the demo press buttons and read which calls the controller registered.
 */
public final class EmulatedCar {
    private final Elevator config;
    private final EmulatedPd relays;
    private final Map<Integer, EmulatedPd> landings = new HashMap<>();
    private final List<Integer> carCalls = new ArrayList<>();
    private final List<Integer> selections = new ArrayList<>();
    private final List<Integer> hallCalls = new ArrayList<>();

    private EmulatedCar(OsdpSim sim, Elevator config) {
        this.config = config;
        this.relays = pd(sim, config.relays());
        for (HallCall h : config.hallCalls()) {
            landings.put(h.floor(), pd(sim, h.io()));
        }
        Map<Integer, Integer> floorOfSelect = new HashMap<>();
        config.selectOutputs().forEach((floor, output) -> floorOfSelect.put(output, floor));
        relays.onSwitchedOn(output -> {
            Integer floor = floorOfSelect.get(output);
            if (floor != null) {
                selected(floor);
            }
        });
    }

    /** Wires a controller to the emulated PDs of {@code config}, which {@code sim} must serve. */
    public static EmulatedCar wire(OsdpSim sim, Elevator config) {
        return new EmulatedCar(sim, config);
    }

    private static EmulatedPd pd(OsdpSim sim, PdRef ref) {
        return sim.pd(ref.bus(), ref.address());
    }

    /** A passenger presses {@code floor}'s button: true when the controller registered the call. */
    public boolean pressButton(int floor) {
        report(floor);
        Integer enable = config.floorOutputs().get(floor);
        boolean enabled = enable != null && relays.output(enable);
        synchronized (this) {
            if (enabled) {
                carCalls.add(floor);
            }
        }
        return enabled;
    }

    /** Someone presses the call button at {@code floor}'s landing: true when the controller registered it. */
    public boolean pressHallCall(int floor) {
        HallCall h = config.hallCalls().stream()
                .filter(c -> c.floor() == floor)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no landing reader at floor " + floor));
        boolean enabled = landings.get(floor).output(h.output());
        synchronized (this) {
            if (enabled) {
                hallCalls.add(floor);
            }
        }
        return enabled;
    }

    /** Car calls the controller registered, in order, from buttons and select relays alike. */
    public synchronized List<Integer> carCalls() {
        return List.copyOf(carCalls);
    }

    /** The car calls a select relay made. */
    public synchronized List<Integer> selections() {
        return List.copyOf(selections);
    }

    public synchronized List<Integer> hallCalls() {
        return List.copyOf(hallCalls);
    }

    /** A select relay closed: runs under the relay board's lock, so it only reads and queues on that board. */
    private void selected(int floor) {
        Integer enable = config.floorOutputs().get(floor);
        boolean enabled = enable != null && relays.output(enable);
        report(floor);
        synchronized (this) {
            if (enabled) {
                carCalls.add(floor);
                selections.add(floor);
            }
        }
    }

    /** The board's input for the floor sees the button's contact close and open again. */
    private void report(int floor) {
        Integer input = config.floorInputs().get(floor);
        if (input != null) {
            relays.setInput(input, true);
            relays.setInput(input, false);
        }
    }
}
