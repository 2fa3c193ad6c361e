package io.courtyard.device.lpr;

import io.courtyard.device.lpr.push.Answer;
import io.courtyard.device.lpr.push.PlateRead;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The reads already decided, by idempotency key, with the answer each got: a camera that pushes a
 * read again (it missed the answer, or an offline record was pre-empted and resent) gets the same
 * answer, and the read is decided and journaled once. Bounded in entries and in age; rebuilt from
 * the journal at startup ({@link SeenPushes}), so a restart forgets nothing that was recorded.
 *
 * <p>A read is kept as digests in {@link LedgerSlots}, not as its strings: the key as 128 bits and
 * the fingerprint as 64 of a SHA-256 salted with 16 random bytes drawn at start. Salted, a camera
 * cannot choose keys that collide or crowd one probe run; 128 bits do not collide by chance. Only
 * a read whose answer is not known yet has an object, the future its repeats wait on.
 */
final class PushLedger {
    private final long maxAgeNanos;
    private final LedgerSlots slots;
    /**
     * Reads whose answer is not known yet, by key, oldest first. Every claim's answer completes (at
     * the camera's deadline at the latest, or when the journal settles a replay), and is removed
     * then; bounded like the slots all the same, so that a future nobody completes cannot grow it.
     */
    private final LinkedHashMap<String, Entry> pending;

    private final MessageDigest sha;
    private final byte[] salt = new byte[16];
    private final byte[] digest = new byte[32];

    /**
     * One read as a claim found or made it: its fingerprint's digest (of the masked form when the
     * read was rebuilt from the journal, which keeps the plate masked), when it arrived, and the
     * answer it got (completed once known).
     */
    static final class Entry {
        private final long fingerprint;
        private final boolean masked;
        private final long receivedNanos;
        private final CompletableFuture<Answer> answer;
        private final int slot;
        private final long stamp;

        private Entry(
                long fingerprint,
                boolean masked,
                long receivedNanos,
                CompletableFuture<Answer> answer,
                int slot,
                long stamp) {
            this.fingerprint = fingerprint;
            this.masked = masked;
            this.receivedNanos = receivedNanos;
            this.answer = answer;
            this.slot = slot;
            this.stamp = stamp;
        }

        long receivedNanos() {
            return receivedNanos;
        }

        CompletableFuture<Answer> answer() {
            return answer;
        }
    }

    /** {@code first}: this push is the read's first and must be decided; otherwise {@code entry} is the earlier one. */
    record Claim(boolean first, Entry entry) {}

    PushLedger(int maxEntries, Duration maxAge) {
        this.maxAgeNanos = maxAge.toNanos();
        this.slots = new LedgerSlots(maxEntries);
        this.pending = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxEntries;
            }
        };
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java 17 runtime has SHA-256", e);
        }
        new SecureRandom().nextBytes(salt);
    }

    /** Claims {@code key} for a push arriving now; the first claim gets a fresh entry to answer. */
    synchronized Claim claim(String key, String fingerprint, long nowNanos) {
        slots.dropOlderThan(maxAgeNanos, nowNanos);
        digest(key);
        long k1 = word(0);
        long k2 = word(8);
        int s = slots.find(k1, k2);
        if (s != LedgerSlots.NONE) {
            Entry earlier = entryAt(key, s, nowNanos);
            if (earlier != null) {
                return new Claim(false, earlier);
            }
            slots.drop(s);
        }
        boolean masked = masked(fingerprint);
        digest(fingerprint);
        long fp = word(0);
        int slot = slots.add(k1, k2, fp, masked, nowNanos, null);
        Entry fresh = new Entry(fp, masked, nowNanos, new CompletableFuture<>(), slot, slots.stamp(slot));
        pending.put(key, fresh);
        fresh.answer.whenComplete((a, err) -> settled(key, fresh, err == null ? a : null));
        return new Claim(true, fresh);
    }

    /** A read found in the journal at startup, with the answer it got. */
    synchronized void recorded(String key, String fingerprint, long receivedNanos, Answer answer) {
        digest(key);
        long k1 = word(0);
        long k2 = word(8);
        int s = slots.find(k1, k2);
        if (s != LedgerSlots.NONE) {
            slots.drop(s);
        }
        boolean masked = masked(fingerprint);
        digest(fingerprint);
        slots.add(k1, k2, word(0), masked, receivedNanos, answer);
        slots.dropOlderThan(maxAgeNanos, receivedNanos);
    }

    /** A read found recorded as withheld: whatever it was decided, it was answered shut. */
    synchronized void withheld(String key, Answer shut) {
        digest(key);
        int s = slots.find(word(0), word(8));
        if (s != LedgerSlots.NONE && slots.answer(s) != null) {
            slots.answer(s, shut);
        }
    }

    /** Forgets the read {@code e} when it is still held: it was not recorded, a retry is a new read. */
    synchronized void forget(String key, Entry e) {
        pending.remove(key, e);
        if (slots.holds(e.slot, e.stamp)) {
            slots.drop(e.slot);
        }
    }

    /** Whether {@code now} is the read {@code earlier} was: the same plate and confidence. */
    synchronized boolean sameRead(Entry earlier, PlateRead now) {
        digest(earlier.masked ? now.maskedFingerprint() : now.fingerprint());
        return word(0) == earlier.fingerprint;
    }

    synchronized int size() {
        return slots.live();
    }

    /** Reads whose answer is not known yet. */
    synchronized int pending() {
        return pending.size();
    }

    /** The read held in slot {@code s}, or null when it is too old to count (or its claim was let go). */
    private Entry entryAt(String key, int s, long nowNanos) {
        if (nowNanos - slots.received(s) > maxAgeNanos) {
            return null;
        }
        Answer a = slots.answer(s);
        if (a == null) {
            Entry p = pending.get(key);
            return p != null && slots.holds(s, p.stamp) ? p : null;
        }
        return new Entry(
                slots.fingerprint(s),
                slots.masked(s),
                slots.received(s),
                CompletableFuture.completedFuture(a),
                s,
                slots.stamp(s));
    }

    /** The read's answer is known: kept in its slot, or the slot let go when nothing was recorded. */
    private synchronized void settled(String key, Entry e, Answer a) {
        pending.remove(key, e);
        if (!slots.holds(e.slot, e.stamp)) {
            return;
        }
        if (a == null || a.kind() == Answer.Kind.NOT_RECORDED) {
            slots.drop(e.slot);
        } else {
            slots.answer(e.slot, a);
        }
    }

    /** Rebuilt reads carry the masked fingerprint ({@code ~...}), see {@link PlateRead#maskedFingerprint()}. */
    private static boolean masked(String fingerprint) {
        return fingerprint.startsWith("~");
    }

    private void digest(String s) {
        sha.update(salt);
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        try {
            sha.digest(digest, 0, digest.length);
        } catch (DigestException e) {
            throw new IllegalStateException("a 32-byte buffer holds a SHA-256", e);
        }
    }

    private long word(int from) {
        long w = 0;
        for (int i = from; i < from + 8; i++) {
            w = (w << 8) | (digest[i] & 0xff);
        }
        return w;
    }
}
