package io.courtyard.dashboard;

import io.courtyard.access.Emergencies;
import io.courtyard.access.Emergency;
import io.courtyard.access.EmergencyMode;
import io.courtyard.http.OperatorRequest;
import io.courtyard.http.Responses;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code /api/emergency}: the emergency modes in force for every role, and for the admin, raising
 * and clearing those that {@code operators.emergencyModes} lets the dashboard change
 * ({@code POST /api/emergency/MODE/raise|clear?confirm=MODE}). The change goes through the access
 * room's {@link Emergencies} with source {@code operator:NAME}, so its rules hold: it takes effect at
 * once, is answered done only once its event is durable, and a mode a local input (the fire panel)
 * holds is not cleared from here.
 */
public final class EmergencyApi {
    /** A change not durable within this is answered 503: in force, and repeating it records it. */
    private static final long DURABLE_WITHIN_SECONDS = 10;

    private static final String PREFIX = "/api/emergency/";

    private final Supplier<Emergencies> emergencies;
    private final Set<String> enabled;

    /**
     * @param emergencies the access room's modes, looked up per request (they exist once it started)
     * @param enabled the modes the dashboard may change ({@code fire}, {@code lockdown})
     */
    public EmergencyApi(Supplier<Emergencies> emergencies, Set<String> enabled) {
        this.emergencies = emergencies;
        this.enabled = Set.copyOf(enabled);
    }

    public FullHttpResponse handle(OperatorRequest r) throws InterruptedException {
        Emergencies em = emergencies.get();
        if (em == null) {
            return problem(HttpResponseStatus.SERVICE_UNAVAILABLE, "the access service has not started");
        }
        if (r.method().equals(HttpMethod.GET) && r.path().equals("/api/emergency")) {
            return Responses.json(state(em));
        }
        if (!r.method().equals(HttpMethod.POST) || !r.path().startsWith(PREFIX)) {
            return problem(HttpResponseStatus.NOT_FOUND, "GET /api/emergency, POST /api/emergency/MODE/raise|clear");
        }
        String[] parts = r.path().substring(PREFIX.length()).split("/", -1);
        if (parts.length != 2 || !(parts[1].equals("raise") || parts[1].equals("clear"))) {
            return problem(HttpResponseStatus.NOT_FOUND, "POST /api/emergency/MODE/raise|clear");
        }
        EmergencyMode mode;
        try {
            mode = EmergencyMode.of(parts[0]);
        } catch (IllegalArgumentException e) {
            return problem(HttpResponseStatus.NOT_FOUND, e.getMessage());
        }
        if (!enabled.contains(mode.tag())) {
            return problem(
                    HttpResponseStatus.FORBIDDEN,
                    mode.tag() + " is not changed from the dashboard on this site (operators.emergencyModes)");
        }
        // The page asks before it sends; the repeated name keeps a stray or crafted click from counting.
        if (!r.param("confirm").orElse("").equals(mode.tag())) {
            return problem(HttpResponseStatus.BAD_REQUEST, "confirm=" + mode.tag() + " is required");
        }
        String source = "operator:" + r.param("by").orElse("?");
        boolean raise = parts[1].equals("raise");
        CompletableFuture<Boolean> change = raise ? em.raise(mode, source) : em.clear(mode, source);
        boolean changed;
        try {
            changed = change.get(DURABLE_WITHIN_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Emergencies.HeldLocallyException held) {
                return problem(HttpResponseStatus.CONFLICT, held.getMessage());
            }
            return notRecorded(mode, raise, e.getCause().toString());
        } catch (TimeoutException e) {
            return notRecorded(mode, raise, "not durable within " + DURABLE_WITHIN_SECONDS + " s");
        }
        Map<String, Object> out = state(em);
        out.put("changed", changed);
        return Responses.json(out);
    }

    private static FullHttpResponse notRecorded(EmergencyMode mode, boolean raise, String why) {
        return problem(
                HttpResponseStatus.SERVICE_UNAVAILABLE,
                mode.tag() + (raise ? " raised" : " cleared") + " and in force, but not journaled (" + why
                        + "); repeat it to record it");
    }

    private Map<String, Object> state(Emergencies em) {
        Emergency now = em.current();
        List<Map<String, Object>> modes = new ArrayList<>();
        for (EmergencyMode m : EmergencyMode.values()) {
            Emergency.Activation a = now.active().get(m);
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("mode", m.tag());
            v.put("active", a != null);
            if (a != null) {
                v.put("since", a.since().toString());
                v.put("source", a.source());
                v.put("heldLocally", em.heldLocally(m));
            }
            v.put("dashboard", enabled.contains(m.tag()));
            modes.add(v);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("modes", modes);
        out.put("opensOnFire", em.opensOnFire());
        return out;
    }

    private static FullHttpResponse problem(HttpResponseStatus status, String why) {
        FullHttpResponse res = Responses.json(Map.of("error", why));
        res.setStatus(status);
        return res;
    }
}
