package io.courtyard.device.lpr;

import io.courtyard.device.lpr.push.Answer;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The reads already decided, by idempotency key, with the answer each got: a camera that pushes a
 * read again (it missed the answer, or an offline record was pre-empted and resent) gets the same
 * answer, and the read is decided and journaled once. Bounded in entries and in age; rebuilt from
 * the journal at startup ({@link SeenPushes}), so a restart forgets nothing that was recorded.
 */
final class PushLedger {
    private final int maxEntries;
    private final long maxAgeNanos;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(1024, 0.75f, false);

    /**
     * One read: what makes a second push the same read ({@code fingerprint}), when it arrived, and
     * the answer it got (completed once it is known). Kept lean: the ledger holds up to {@code
     * maxEntries} of them for days, and each object an entry adds is that many more for every full
     * collection to trace.
     */
    record Entry(String fingerprint, long receivedNanos, CompletableFuture<Answer> answer) {}

    /** {@code first}: this push is the read's first and must be decided; otherwise {@code entry} is the earlier one. */
    record Claim(boolean first, Entry entry) {}

    PushLedger(int maxEntries, Duration maxAge) {
        this.maxEntries = maxEntries;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** Claims {@code key} for a push arriving now; the first claim gets a fresh entry to answer. */
    synchronized Claim claim(String key, String fingerprint, long nowNanos) {
        Entry e = entries.get(key);
        if (e != null && nowNanos - e.receivedNanos() <= maxAgeNanos) {
            return new Claim(false, e);
        }
        Entry fresh = new Entry(fingerprint, nowNanos, new CompletableFuture<>());
        entries.remove(key);
        entries.put(key, fresh);
        trim(nowNanos);
        return new Claim(true, fresh);
    }

    /** A read found in the journal at startup, with the answer it got. */
    synchronized void recorded(String key, String fingerprint, long receivedNanos, Answer answer) {
        entries.remove(key);
        entries.put(key, new Entry(fingerprint, receivedNanos, CompletableFuture.completedFuture(answer)));
        trim(receivedNanos);
    }

    /** A read found recorded as withheld: whatever it was decided, it was answered shut. */
    synchronized void withheld(String key, Answer shut) {
        entries.computeIfPresent(
                key, (k, e) -> new Entry(e.fingerprint(), e.receivedNanos(), CompletableFuture.completedFuture(shut)));
    }

    /** Forgets {@code key} when {@code e} is still its entry: the read was not recorded, a retry is a new read. */
    synchronized void forget(String key, Entry e) {
        entries.remove(key, e);
    }

    synchronized int size() {
        return entries.size();
    }

    /** Oldest first: drop beyond the bound in count, then what is older than the bound in age. */
    private void trim(long nowNanos) {
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Entry e = it.next().getValue();
            if (entries.size() > maxEntries || nowNanos - e.receivedNanos() > maxAgeNanos) {
                it.remove();
            } else {
                break;
            }
        }
    }
}
