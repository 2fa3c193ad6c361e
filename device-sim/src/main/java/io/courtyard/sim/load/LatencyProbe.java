package io.courtyard.sim.load;

import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.device.card.CardRead;
import io.courtyard.device.drivers.PdCommands;
import io.courtyard.device.osdp.OutputControl;
import io.courtyard.device.osdp.bus.CommandResult;
import io.courtyard.device.osdp.bus.OsdpListener;
import io.courtyard.device.osdp.bus.Pd;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures card-to-OUT inside the gateway around the real drivers, without touching them: as the
 * buses' first listener it notes when each PD's card arrived; as the drivers' way to the buses it
 * sees their OUT and, once written, records {@link CommandResult#sentNanos()} minus that time. The
 * decision, the driver and the OUT's queueing lie between the two.
 */
final class LatencyProbe implements OsdpListener {
    private final Map<PdRef, Long> cardAt = new ConcurrentHashMap<>();
    private final AtomicLong outs = new AtomicLong();
    private volatile Samples samples;

    /** The drivers' commands go through here on their way to {@code buses}. */
    PdCommands around(PdCommands buses) {
        return (pd, command) -> {
            CompletableFuture<CommandResult> f = buses.send(pd, command);
            Long t0 = cardAt.remove(pd);
            Samples s = samples;
            if (command instanceof OutputControl && t0 != null) {
                outs.incrementAndGet();
                if (s != null) {
                    f.thenAccept(r -> {
                        if (r.sentNanos() > 0) {
                            s.add(r.sentNanos() - t0);
                        }
                    });
                }
            }
            return f;
        };
    }

    @Override
    public void card(Pd pd, int reader, CardRead card, Instant at) {
        cardAt.put(pd.ref(), System.nanoTime());
    }

    /** From now on, card-to-OUT times go to {@code into}; null stops recording. */
    void record(Samples into) {
        samples = into;
    }

    /** OUT commands sent for a card, recorded or not. */
    long outs() {
        return outs.get();
    }

    /** Latencies in nanoseconds, kept whole so that percentiles are exact. Written from the bus loops. */
    static final class Samples {
        private long[] values = new long[1024];
        private int size;

        synchronized void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        synchronized long[] sorted() {
            long[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }
    }
}
