package io.courtyard.sim.load;

import io.courtyard.device.card.CardRead;
import io.courtyard.device.osdp.OutputControl;
import io.courtyard.device.osdp.OutputControl.Output;
import io.courtyard.device.osdp.bus.OsdpBuses;
import io.courtyard.device.osdp.bus.OsdpListener;
import io.courtyard.device.osdp.bus.Pd;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in gate driver and the hook for issue 5's card-to-OUT latency: on every card it pulses
 * output 0 at once, and records the time from the card reaching the listener to the OUT frame
 * being written. The real drivers add their decision between the two; swap this for them.
 */
final class CardToOut implements OsdpListener {
    private static final OutputControl STRIKE = OutputControl.of(Output.pulse(0, Duration.ofMillis(200)));

    private final OsdpBuses buses;
    private final List<Long> latencies = new ArrayList<>();

    CardToOut(OsdpBuses buses) {
        this.buses = buses;
    }

    @Override
    public void card(Pd pd, int reader, CardRead card, Instant at) {
        long t0 = System.nanoTime();
        buses.send(pd.ref(), STRIKE).thenAccept(r -> {
            if (r.sentNanos() > 0) {
                record(r.sentNanos() - t0);
            }
        });
    }

    private synchronized void record(long nanos) {
        latencies.add(nanos);
    }

    synchronized long[] latencies() {
        return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    }
}
