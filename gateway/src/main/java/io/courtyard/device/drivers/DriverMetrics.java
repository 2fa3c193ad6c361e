package io.courtyard.device.drivers;

import io.courtyard.access.Reason;
import io.courtyard.device.osdp.bus.CommandResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gate and elevator drivers' meters, declared in one place: {@code courtyard.gate.*} and
 * {@code courtyard.elevator.*}. Every tag value is registered up front, so a quiet gate shows zeros
 * rather than nothing, and the hot path only increments what it already holds. No per-device
 * tags: the journal names the device of every grant, denial, alarm and ride.
 */
public final class DriverMetrics implements MeterBinder {
    public static final String GATE_ACTUATIONS = "courtyard.gate.actuations";
    public static final String GATE_DENIED = "courtyard.gate.denied";
    public static final String GATE_ALARMS = "courtyard.gate.alarms";
    public static final String GATE_FAILURES = "courtyard.gate.actuation.failures";
    public static final String GATE_CARD_TO_OUT = "courtyard.gate.card.to.out";
    public static final String ELEVATOR_ACTUATIONS = "courtyard.elevator.actuations";
    public static final String ELEVATOR_DENIED = "courtyard.elevator.denied";
    public static final String ELEVATOR_ALARMS = "courtyard.elevator.alarms";
    public static final String ELEVATOR_FAILURES = "courtyard.elevator.actuation.failures";
    public static final String ELEVATOR_CARD_TO_OUT = "courtyard.elevator.card.to.out";
    public static final String ELEVATOR_RIDES = "courtyard.elevator.rides";

    /** Why a driver drove an output. */
    enum Cause {
        /** A granted decision: strike pulse, floors enabled. */
        GRANT,
        /** The gate's exit button. */
        EXIT_REQUEST,
        /** Fire mode held the strike or the floors released, or gave them back. */
        FIRE,
        /** A floor pressed for the passenger (control: select). */
        SELECT,
        /** A landing's hall call button enabled. */
        HALL_CALL,
        /** A signed remote command from the platform. */
        REMOTE;

        String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    final Family gate = new Family(
            "gate",
            GATE_ACTUATIONS,
            GATE_DENIED,
            GATE_ALARMS,
            GATE_FAILURES,
            GATE_CARD_TO_OUT,
            List.of(Door.Alarm.FORCED.tag(), Door.Alarm.HELD.tag(), DriverEvents.TAMPER));
    final Family elevator = new Family(
            "elevator",
            ELEVATOR_ACTUATIONS,
            ELEVATOR_DENIED,
            ELEVATOR_ALARMS,
            ELEVATOR_FAILURES,
            ELEVATOR_CARD_TO_OUT,
            List.of(DriverEvents.TAMPER));
    private Counter rides;

    @Override
    public void bindTo(MeterRegistry registry) {
        gate.bindTo(registry);
        elevator.bindTo(registry);
        rides = Counter.builder(ELEVATOR_RIDES)
                .description("Rides recorded: a floor button pressed while a grant had it enabled")
                .baseUnit("rides")
                .register(registry);
    }

    void ride() {
        rides.increment();
    }

    /** One device kind's meters. */
    static final class Family {
        private final String kind;
        private final String actuationsName;
        private final String deniedName;
        private final String alarmsName;
        private final String failuresName;
        private final String latencyName;
        private final List<String> alarmTypes;
        private final Map<Cause, Counter> actuations = new EnumMap<>(Cause.class);
        private final Map<Reason, Counter> denied = new EnumMap<>(Reason.class);
        private final Map<String, Counter> alarms = new HashMap<>();
        private final Map<CommandResult.Status, Counter> failures = new EnumMap<>(CommandResult.Status.class);
        private Timer cardToOut;

        private Family(
                String kind,
                String actuations,
                String denied,
                String alarms,
                String failures,
                String latency,
                List<String> alarmTypes) {
            this.kind = kind;
            this.actuationsName = actuations;
            this.deniedName = denied;
            this.alarmsName = alarms;
            this.failuresName = failures;
            this.latencyName = latency;
            this.alarmTypes = alarmTypes;
        }

        private void bindTo(MeterRegistry registry) {
            for (Cause c : Cause.values()) {
                actuations.put(
                        c,
                        Counter.builder(actuationsName)
                                .description("Output commands a " + kind + " driver sent, by cause")
                                .tag("cause", c.tag())
                                .register(registry));
            }
            for (Reason r : Reason.values()) {
                if (!r.grants()) {
                    denied.put(
                            r,
                            Counter.builder(deniedName)
                                    .description("Denied presentations at " + kind + "s, by the decision's reason")
                                    .tag("reason", r.code())
                                    .register(registry));
                }
            }
            for (String type : alarmTypes) {
                alarms.put(
                        type,
                        Counter.builder(alarmsName)
                                .description("Alarms raised at " + kind + "s, by type")
                                .tag("type", type)
                                .register(registry));
            }
            for (CommandResult.Status s : CommandResult.Status.values()) {
                if (s != CommandResult.Status.ACKED) {
                    failures.put(
                            s,
                            Counter.builder(failuresName)
                                    .description("Output commands the PD did not carry out, by outcome")
                                    .tag("status", s.name().toLowerCase(Locale.ROOT))
                                    .register(registry));
                }
            }
            cardToOut = Timer.builder(latencyName)
                    .description(
                            "From a card (or the PIN's last key) reaching the gateway to the OUT written to the bus")
                    .publishPercentiles(0.5, 0.99, 0.999)
                    .percentilePrecision(2)
                    .distributionStatisticExpiry(Duration.ofMinutes(2))
                    .register(registry);
        }

        void actuated(Cause cause) {
            actuations.get(cause).increment();
        }

        void denied(Reason reason) {
            Counter c = denied.get(reason);
            if (c != null) {
                c.increment();
            }
        }

        void alarm(String type) {
            alarms.get(type).increment();
        }

        void failed(CommandResult.Status status) {
            Counter c = failures.get(status);
            if (c != null) {
                c.increment();
            }
        }

        void cardToOut(long nanos) {
            cardToOut.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
