package io.courtyard.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** The operator listener's paths: exact paths first, then the longest matching prefix ({@code /api/faults/}). */
final class Routes {
    private final Map<String, Route> exact = new LinkedHashMap<>();
    private final Map<String, Route> prefixes = new LinkedHashMap<>();

    void exact(String path, Route route) {
        put(exact, path, route);
    }

    void prefix(String prefix, Route route) {
        if (!prefix.endsWith("/")) {
            throw new IllegalArgumentException("a prefix route ends with '/': " + prefix);
        }
        put(prefixes, prefix, route);
    }

    private static void put(Map<String, Route> map, String path, Route route) {
        if (!path.startsWith("/") || map.putIfAbsent(path, route) != null) {
            throw new IllegalArgumentException("route " + path + ": must start with '/' and be given once");
        }
    }

    Route find(String path) {
        Route r = exact.get(path);
        if (r != null) {
            return r;
        }
        String best = null;
        for (String p : prefixes.keySet()) {
            if (path.startsWith(p) && (best == null || p.length() > best.length())) {
                best = p;
            }
        }
        return best == null ? null : prefixes.get(best);
    }

    /** For the log line at start. */
    @Override
    public String toString() {
        return exact.keySet() + (prefixes.isEmpty() ? "" : " " + prefixes.keySet() + "*");
    }
}
