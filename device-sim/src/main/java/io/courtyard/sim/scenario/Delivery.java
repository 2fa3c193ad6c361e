package io.courtyard.sim.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Compares what the gateway journaled with what reached the platform: every event by its {@code id}
 * (checked against its {@code seq}), gaps in {@code seq}, and duplicates, which are explained only
 * when they are byte-for-byte resends of the same event (same id, same payload).
 */
final class Delivery {
    private static final Duration DRAIN = Duration.ofSeconds(45);

    private Delivery() {}

    /** Every journaled event after {@code afterSeq} matching {@code which} arrives upstream within the drain time. */
    static void allArrived(Site site, Checks checks, long afterSeq, Predicate<JournalFile.Event> which)
            throws Exception {
        Set<Long> wanted = new TreeSet<>();
        for (JournalFile.Event e : site.journal().after(afterSeq)) {
            if (which.test(e)) {
                wanted.add(e.seq());
            }
        }
        Set<Long> missing = missing(site, wanted);
        checks.check(
                "all " + wanted.size() + " journaled events arrived upstream",
                !wanted.isEmpty() && missing.isEmpty(),
                missing.isEmpty() ? wanted.size() + " of " + wanted.size() : "missing seq " + sample(missing));
    }

    /**
     * The whole journal after {@code afterSeq} up to its last event now: nothing lost (every seq arrived,
     * under the id {@code site-instance-seq}), no gap in the seqs received, every duplicate a resend.
     */
    static void complete(Site site, Checks checks, long afterSeq) throws Exception {
        long last = site.journal().lastSeq();
        Set<Long> wanted = new TreeSet<>();
        for (JournalFile.Event e : site.journal().after(afterSeq)) {
            wanted.add(e.seq());
        }
        Set<Long> missing = missing(site, wanted);
        checks.check(
                "nothing lost: journal seq " + (afterSeq + 1) + ".." + last + " all arrived upstream",
                !wanted.isEmpty() && missing.isEmpty(),
                missing.isEmpty() ? wanted.size() + " events" : missing.size() + " missing, e.g. " + sample(missing));
        Map<Long, List<UpstreamRecorder.Arrival>> bySeq = site.upstream().arrivals().stream()
                .filter(a -> a.seq() > afterSeq && a.seq() <= last)
                .collect(Collectors.groupingBy(UpstreamRecorder.Arrival::seq, HashMap::new, Collectors.toList()));
        List<Long> gaps = new ArrayList<>();
        for (long s = afterSeq + 1; s <= last; s++) {
            if (!bySeq.containsKey(s)) {
                gaps.add(s);
            }
        }
        checks.check("no gaps in seq upstream", gaps.isEmpty(), gaps.isEmpty() ? "" : "absent " + sample(gaps));
        List<String> badIds = new ArrayList<>();
        int duplicates = 0;
        List<Long> unexplained = new ArrayList<>();
        for (Map.Entry<Long, List<UpstreamRecorder.Arrival>> e : bySeq.entrySet()) {
            List<UpstreamRecorder.Arrival> copies = e.getValue();
            UpstreamRecorder.Arrival first = copies.get(0);
            if (!first.id().startsWith(site.siteId() + "-") || !first.id().endsWith("-" + e.getKey())) {
                badIds.add(first.id());
            }
            for (UpstreamRecorder.Arrival copy : copies.subList(1, copies.size())) {
                duplicates++;
                if (!copy.id().equals(first.id()) || !copy.event().equals(first.event())) {
                    unexplained.add(e.getKey());
                }
            }
        }
        checks.check("every id is {site}-{instance}-{seq}", badIds.isEmpty(), badIds.isEmpty() ? "" : sample(badIds));
        checks.check(
                "duplicates are resends of the same event (same id and payload)",
                unexplained.isEmpty(),
                duplicates + " duplicates"
                        + (unexplained.isEmpty() ? "" : ", unexplained at seq " + sample(unexplained)));
    }

    private static Set<Long> missing(Site site, Set<Long> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (true) {
            Set<Long> got = site.upstream().arrivals().stream()
                    .map(UpstreamRecorder.Arrival::seq)
                    .collect(Collectors.toSet());
            Set<Long> missing = new TreeSet<>(wanted);
            missing.removeAll(got);
            if (missing.isEmpty() || System.nanoTime() > deadline) {
                return missing;
            }
            Thread.sleep(100);
        }
    }

    private static String sample(java.util.Collection<?> values) {
        return values.stream().limit(10).map(String::valueOf).collect(Collectors.joining(", "))
                + (values.size() > 10 ? ", … (" + values.size() + ")" : "");
    }
}
