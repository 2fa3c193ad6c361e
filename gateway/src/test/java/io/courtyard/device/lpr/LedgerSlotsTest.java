package io.courtyard.device.lpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.courtyard.access.Reason;
import io.courtyard.device.lpr.push.Answer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ledger's flat slots against a plain model: a ring in claim order and an index that finds every live key. */
class LedgerSlotsTest {

    /** The model: slots in claim order, a dropped one kept in place until it is the oldest. */
    private static final class Held {
        final long k1;
        final long k2;
        final long received;
        final int slot;
        boolean live = true;

        Held(long k1, long k2, long received, int slot) {
            this.k1 = k1;
            this.k2 = k2;
            this.received = received;
            this.slot = slot;
        }
    }

    @Test
    void randomClaimsDropsAndAgeingAgreeWithTheModel() {
        for (int capacity : new int[] {1, 2, 3, 7, 64}) {
            Random rnd = new Random(capacity);
            LedgerSlots slots = new LedgerSlots(capacity);
            Deque<Held> ring = new ArrayDeque<>();
            long now = 0;
            for (int step = 0; step < 20_000; step++) {
                now += rnd.nextInt(3);
                int op = rnd.nextInt(10);
                if (op < 6) {
                    // Few distinct low bits: most keys share a probe run, as collisions in a full index do.
                    long k1 = rnd.nextInt(8) | ((long) rnd.nextInt(4) << 40);
                    long k2 = rnd.nextInt(3);
                    Held same = find(ring, k1, k2);
                    if (same != null) {
                        slots.drop(same.slot);
                        same.live = false;
                        skipDropped(ring);
                    }
                    if (ring.size() == capacity) {
                        ring.removeFirst();
                        skipDropped(ring);
                    }
                    int s = slots.add(k1, k2, step, false, now, Answer.open(Reason.GRANTED));
                    ring.addLast(new Held(k1, k2, now, s));
                } else if (op < 9) {
                    List<Held> live = new ArrayList<>();
                    ring.forEach(h -> {
                        if (h.live) {
                            live.add(h);
                        }
                    });
                    if (!live.isEmpty()) {
                        Held h = live.get(rnd.nextInt(live.size()));
                        slots.drop(h.slot);
                        h.live = false;
                        skipDropped(ring);
                    }
                } else {
                    slots.dropOlderThan(20, now);
                    while (!ring.isEmpty() && now - ring.peekFirst().received > 20) {
                        ring.removeFirst();
                        skipDropped(ring);
                    }
                }
                long liveCount = ring.stream().filter(h -> h.live).count();
                assertThat(slots.live())
                        .as("capacity %d step %d", capacity, step)
                        .isEqualTo(liveCount);
                for (long k1 = 0; k1 < 8; k1++) {
                    for (long hi = 0; hi < 4; hi++) {
                        for (long k2 = 0; k2 < 3; k2++) {
                            long key = k1 | (hi << 40);
                            Held h = find(ring, key, k2);
                            assertThat(slots.find(key, k2))
                                    .as("capacity %d step %d key %d/%d", capacity, step, key, k2)
                                    .isEqualTo(h == null ? LedgerSlots.NONE : h.slot);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aStaleHandleDoesNotHoldTheSlotsNextRead() {
        LedgerSlots slots = new LedgerSlots(1);
        int first = slots.add(1, 1, 0, false, 0, null);
        long stamp = slots.stamp(first);
        int second = slots.add(2, 2, 0, true, 0, null);

        assertThat(second).isEqualTo(first);
        assertThat(slots.holds(second, stamp)).isFalse();
        assertThat(slots.holds(second, slots.stamp(second))).isTrue();
        assertThat(slots.masked(second)).isTrue();
        assertThat(slots.find(1, 1)).isEqualTo(LedgerSlots.NONE);
    }

    @Test
    void aLedgerHoldsAtLeastOneRead() {
        assertThatThrownBy(() -> new LedgerSlots(0)).hasMessageContaining("at least 1, was 0");
    }

    private static Held find(Deque<Held> ring, long k1, long k2) {
        for (Held h : ring) {
            if (h.live && h.k1 == k1 && h.k2 == k2) {
                return h;
            }
        }
        return null;
    }

    private static void skipDropped(Deque<Held> ring) {
        while (!ring.isEmpty() && !ring.peekFirst().live) {
            ring.removeFirst();
        }
    }
}
