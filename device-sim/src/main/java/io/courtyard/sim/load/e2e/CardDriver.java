package io.courtyard.sim.load.e2e;

import io.courtyard.device.card.WiegandFormat;
import io.courtyard.device.osdp.RawCardData;
import io.courtyard.sim.osdp.EmulatedPd;
import io.courtyard.sim.osdp.OsdpSim;
import io.courtyard.sim.osdp.PdProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Residents' cards at the gate readers, emulated PDs on serial-server ports the gateway polls.
 * Card-to-OUT is timed on the device's side of the wire: from the POLL reply carrying the card
 * leaving the PD to the OUT command that opens the strike arriving at it (two loopback hops, the
 * gateway's decode, decision, journal append and driver between). One card at a time per reader:
 * a card waits for a poll (up to the poll interval), so cards go to readers that are free.
 */
final class CardDriver implements AutoCloseable {
    /**
     * A card whose OUT has not come after this is counted missing and its reader freed. Long, so
     * that a slow OUT is measured (in the latency's tail) rather than dropped from it.
     */
    private static final long OUT_TIMEOUT = TimeUnit.SECONDS.toNanos(30);

    private final OsdpSim sim = new OsdpSim(1);
    private final List<EmulatedPd> readers = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    /** Per reader: 0 free, else when the card was presented (nanoTime, never 0 in practice). */
    private final AtomicLongArray presented;
    /** Per reader: when the card left the PD in a reply, 0 before. */
    private final AtomicLongArray sent;

    private final int residents;
    private final Latency latency = new Latency("card → OUT");
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong noOut = new AtomicLong();
    private int next;
    private final int liftPort;

    CardDriver(int buses, int pdsPerBus, int residents) {
        this.residents = residents;
        presented = new AtomicLongArray(buses * pdsPerBus);
        sent = new AtomicLongArray(buses * pdsPerBus);
        for (int b = 0; b < buses; b++) {
            EmulatedPd[] pds = new EmulatedPd[pdsPerBus];
            for (int a = 1; a <= pdsPerBus; a++) {
                int slot = readers.size();
                EmulatedPd pd = new EmulatedPd(a, PdProfile.reader().withSerial(b * 1000L + a));
                pd.tap(new EmulatedPd.Tap(
                        r -> {
                            if (r instanceof RawCardData) {
                                sent.set(slot, System.nanoTime());
                            }
                        },
                        out -> outArrived(slot)));
                readers.add(pd);
                pds[a - 1] = pd;
            }
            ports.add(sim.bus(E2eSite.busId(b), 0, pds).port());
        }
        liftPort = sim.bus(
                        E2eSite.LIFT_BUS,
                        0,
                        new EmulatedPd(1, PdProfile.reader()),
                        new EmulatedPd(2, PdProfile.relayBoard(16, 16)))
                .port();
    }

    List<Integer> ports() {
        return ports;
    }

    int liftPort() {
        return liftPort;
    }

    private void outArrived(int slot) {
        long t0 = sent.getAndSet(slot, 0);
        if (t0 != 0) {
            latency.record(System.nanoTime() - t0);
            opened.incrementAndGet();
            presented.set(slot, 0);
        }
    }

    /** Presents a card at the next free reader; false when every reader is busy. */
    boolean offer() {
        int n = readers.size();
        for (int i = 0; i < n; i++) {
            int slot = next;
            next = (next + 1) % n;
            if (presented.compareAndSet(slot, 0, System.nanoTime())) {
                readers.get(slot)
                        .presentCard(
                                WiegandFormat.H10301,
                                E2eSite.FACILITY,
                                1 + ThreadLocalRandom.current().nextInt(residents));
                offered.incrementAndGet();
                return true;
            }
        }
        return false;
    }

    /** Frees readers whose card got no OUT in time; called now and then from the dealing thread. */
    void sweep() {
        long now = System.nanoTime();
        for (int slot = 0; slot < readers.size(); slot++) {
            long t = presented.get(slot);
            if (t != 0 && now - t > OUT_TIMEOUT && presented.compareAndSet(slot, t, 0)) {
                sent.set(slot, 0);
                noOut.incrementAndGet();
            }
        }
    }

    /** Cards still waiting for their OUT. */
    int pending() {
        int p = 0;
        for (int slot = 0; slot < readers.size(); slot++) {
            p += presented.get(slot) != 0 ? 1 : 0;
        }
        return p;
    }

    Latency latency() {
        return latency;
    }

    long offered() {
        return offered.get();
    }

    long completed() {
        return opened.get();
    }

    long failed() {
        return noOut.get();
    }

    @Override
    public void close() {
        sim.close();
    }
}
