package io.courtyard.sim.load.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeliveryLedgerTest {
    private static String id(long seq) {
        return "load-court-i-" + seq;
    }

    @Test
    void aGapInTheSequenceIsReportedAsMissingWithItsRange() {
        DeliveryLedger l = new DeliveryLedger();
        for (long s : new long[] {1, 2, 3, 6, 7, 9}) {
            l.record(s, id(s));
        }
        assertThat(l.missing(9)).isEqualTo(3);
        assertThat(l.gaps(9, 10)).containsExactly("4-5", "8");
        assertThat(l.counts().contiguousThrough()).isEqualTo(3);
        assertThat(l.has(5)).isFalse();
        assertThat(l.has(6)).isTrue();
    }

    @Test
    void eventsArrivingOutOfOrderCloseTheGapAndAdvanceTheContiguousPrefix() {
        DeliveryLedger l = new DeliveryLedger();
        l.record(1, id(1));
        l.record(3, id(3));
        l.record(4, id(4));
        assertThat(l.counts().contiguousThrough()).isEqualTo(1);
        l.record(2, id(2));
        assertThat(l.counts().contiguousThrough()).isEqualTo(4);
        assertThat(l.missing(4)).isZero();
        assertThat(l.gaps(4, 10)).isEmpty();
    }

    @Test
    void aDuplicateWithinOneConnectionIsUnexplained() {
        DeliveryLedger l = new DeliveryLedger();
        l.newEpoch();
        assertThat(l.record(1, id(1))).isTrue();
        assertThat(l.record(2, id(2))).isTrue();
        assertThat(l.record(2, id(2))).isFalse();
        DeliveryLedger.Counts c = l.counts();
        assertThat(c.distinct()).isEqualTo(2);
        assertThat(c.unexplainedDuplicates()).isEqualTo(1);
        assertThat(c.explainedDuplicates()).isZero();
        assertThat(l.unexplained()).containsExactly(new DeliveryLedger.Duplicate(2, id(2), 1));
    }

    @Test
    void aResendAfterAReconnectIsAnExplainedDuplicate() {
        DeliveryLedger l = new DeliveryLedger();
        l.newEpoch();
        l.record(1, id(1));
        l.record(2, id(2));
        l.newEpoch(); // the broker restarted: what was in flight comes again
        l.record(2, id(2));
        l.record(3, id(3));
        DeliveryLedger.Counts c = l.counts();
        assertThat(c.explainedDuplicates()).isEqualTo(1);
        assertThat(c.unexplainedDuplicates()).isZero();
        assertThat(c.distinct()).isEqualTo(3);
        // Seen again in the same new epoch: no reconnect explains that one.
        l.record(3, id(3));
        assertThat(l.counts().unexplainedDuplicates()).isEqualTo(1);
    }

    @Test
    void aSeqOutOfRangeIsRefusedWithTheEventsId() {
        DeliveryLedger l = new DeliveryLedger();
        assertThatThrownBy(() -> l.record(0, "x-0")).hasMessageContaining("x-0");
    }

    @Test
    void theLedgerGrowsBeyondItsFirstAllocation() {
        DeliveryLedger l = new DeliveryLedger();
        for (long s = 1; s <= 200_000; s++) {
            l.record(s, id(s));
        }
        l.newEpoch();
        l.record(150_000, id(150_000));
        assertThat(l.counts().contiguousThrough()).isEqualTo(200_000);
        assertThat(l.counts().explainedDuplicates()).isEqualTo(1);
    }
}
