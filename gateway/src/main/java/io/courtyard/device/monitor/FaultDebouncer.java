package io.courtyard.device.monitor;

import io.courtyard.config.FaultCatalog;
import io.courtyard.config.FaultCatalog.Category;
import io.courtyard.config.FaultCatalog.FaultType;
import io.courtyard.config.MonitoringConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One monitor's fault codes, debounced: a raised code becomes a fault only once it has stayed raised
 * for its type's debounce; a code that clears sooner is a transient. Service events (inspection,
 * fire return...) start and end without a debounce, and "back to normal" ends them all. Codes
 * arrive one by one (fault messages) or as the whole active set (a status's {@code faults}). The
 * debounce is timed on the gateway's clock, which a wrong device clock cannot stretch. Guarded by
 * its monitor's lock.
 */
final class FaultDebouncer {
    /** Asks the owner to call {@link #confirm} for {@code code} with {@code token} after {@code delay}. */
    interface Confirmations {
        /** Returns what cancels the call. */
        Runnable schedule(String code, long token, Duration delay);
    }

    private final String table;
    private final MonitoringConfig monitoring;
    private final Confirmations confirmations;
    /** Raised codes, pending their debounce or confirmed, in the order they were raised. */
    private final Map<String, Tracked> faults = new LinkedHashMap<>();

    private final Map<String, Tracked> services = new LinkedHashMap<>();
    private long nextToken;

    private static final class Tracked {
        final FaultType type;
        final Instant raisedAt;
        final Duration debounce;
        final long token;
        Runnable cancel;
        boolean confirmed;

        Tracked(FaultType type, Instant raisedAt, Duration debounce, long token) {
            this.type = type;
            this.raisedAt = raisedAt;
            this.debounce = debounce;
            this.token = token;
        }
    }

    FaultDebouncer(String table, MonitoringConfig monitoring, Confirmations confirmations) {
        this.table = table;
        this.monitoring = monitoring;
        this.confirmations = confirmations;
    }

    FaultCatalog catalog() {
        return monitoring.catalog();
    }

    String table() {
        return table;
    }

    /** The type {@code code} stands for in this monitor's table, or null. */
    FaultType type(String code) {
        return monitoring.catalog().lookup(table, code).orElse(null);
    }

    /** {@code code} was raised at {@code at} (device time). A code already raised is not raised again. */
    List<FaultChange> raise(String code, Instant at) {
        FaultType type = type(code);
        List<FaultChange> out = new ArrayList<>(1);
        if (type != null && type.category() == Category.SERVICE) {
            if (type.clearsService()) {
                services.keySet().forEach(c -> out.add(new FaultChange.Service(c, services.get(c).type, false, at)));
                services.clear();
            } else if (!services.containsKey(code)) {
                services.put(code, new Tracked(type, at, Duration.ZERO, 0));
                out.add(new FaultChange.Service(code, type, true, at));
            }
            return out;
        }
        if (faults.containsKey(code)) {
            return out;
        }
        // Unknown codes are never held back: nothing says how long their debounce should be.
        Duration debounce = type == null ? Duration.ZERO : monitoring.debounce(type);
        Tracked t = new Tracked(type, at, debounce, ++nextToken);
        faults.put(code, t);
        if (debounce.isZero()) {
            t.confirmed = true;
            out.add(new FaultChange.Raised(code, type, at, at, debounce));
        } else {
            t.cancel = confirmations.schedule(code, t.token, debounce);
        }
        return out;
    }

    /** {@code code} cleared at {@code at} (device time). */
    List<FaultChange> clear(String code, Instant at) {
        Tracked s = services.remove(code);
        if (s != null) {
            return List.of(new FaultChange.Service(code, s.type, false, at));
        }
        FaultType type = type(code);
        if (type != null && type.category() == Category.SERVICE) {
            return List.of();
        }
        Tracked t = faults.remove(code);
        if (t == null) {
            return List.of(new FaultChange.Cleared(code, type, null, at));
        }
        if (t.confirmed) {
            return List.of(new FaultChange.Cleared(code, t.type, t.raisedAt, at));
        }
        t.cancel.run();
        return List.of(new FaultChange.Transient(code, t.type, t.raisedAt, at, t.debounce));
    }

    /** The debounce of the raise {@code token} has run out: still raised, it is a fault now. */
    List<FaultChange> confirm(String code, long token) {
        Tracked t = faults.get(code);
        if (t == null || t.token != token || t.confirmed) {
            return List.of();
        }
        t.confirmed = true;
        return List.of(new FaultChange.Raised(code, t.type, t.raisedAt, t.raisedAt.plus(t.debounce), t.debounce));
    }

    /** A status listed every active code: raise the new ones, clear those no longer listed. */
    List<FaultChange> active(Collection<String> codes, Instant at) {
        List<FaultChange> out = new ArrayList<>();
        for (String c : List.copyOf(faults.keySet())) {
            if (!codes.contains(c)) {
                out.addAll(clear(c, at));
            }
        }
        for (String c : List.copyOf(services.keySet())) {
            if (!codes.contains(c)) {
                out.addAll(clear(c, at));
            }
        }
        for (String c : codes) {
            out.addAll(raise(c, at));
        }
        return out;
    }
}
