package io.courtyard.sim.load.e2e;

import java.util.BitSet;
import java.util.List;

/**
 * What reached the platform, checked against the journal's file: every event journaled up to
 * {@code finalSeq} must have arrived (lost otherwise); seqs the journal itself does not hold are
 * gaps the gateway made (purged telemetry), reported apart; duplicates are explained (a resend
 * after a reconnect) or not.
 */
record Delivery(
        long finalSeq,
        long journaled,
        long arrived,
        long lost,
        List<String> lostSample,
        long journalGaps,
        long received,
        long explainedDuplicates,
        long unexplainedDuplicates,
        List<DeliveryLedger.Duplicate> unexplainedSample,
        boolean caughtUp,
        long gateDecisions,
        long barrierDecisions,
        long monitorStatuses,
        long malformed,
        String lastMalformed) {

    static Delivery check(UpstreamChecker checker, BitSet journal, long finalSeq, boolean caughtUp) {
        DeliveryLedger ledger = checker.ledger();
        long lost = 0;
        java.util.ArrayList<String> sample = new java.util.ArrayList<>();
        for (int s = journal.nextSetBit(1); s >= 0 && s <= finalSeq; s = journal.nextSetBit(s + 1)) {
            if (!ledger.has(s)) {
                lost++;
                if (sample.size() < 20) {
                    sample.add(Long.toString(s));
                }
            }
        }
        long held = journal.get(1, (int) finalSeq + 1).cardinality();
        DeliveryLedger.Counts c = ledger.counts();
        return new Delivery(
                finalSeq,
                held,
                held - lost,
                lost,
                List.copyOf(sample),
                finalSeq - held,
                checker.events(),
                c.explainedDuplicates(),
                c.unexplainedDuplicates(),
                ledger.unexplained(),
                caughtUp,
                checker.cards(),
                checker.pushes(),
                checker.statuses(),
                checker.malformed(),
                checker.lastMalformed());
    }

    boolean passed() {
        return lost == 0 && unexplainedDuplicates == 0 && malformed == 0 && caughtUp;
    }
}
