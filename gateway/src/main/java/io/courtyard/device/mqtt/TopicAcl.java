package io.courtyard.device.mqtt;

/**
 * Where a device may publish and subscribe: publish only under {@code devices/{its id}/…}, subscribe
 * only under {@code devices/{its id}/cmd/…}. The listener is for the compound's own devices, not a
 * broker: nothing else exists to publish to or subscribe from.
 */
final class TopicAcl {
    static final String ROOT = "devices/";

    private TopicAcl() {}

    /** The part of {@code topic} after {@code devices/{device}/}, or null when the device may not publish there. */
    static String subtopic(String device, String topic) {
        String prefix = ROOT + device + "/";
        if (!topic.startsWith(prefix) || topic.length() == prefix.length()) {
            return null;
        }
        return topic.substring(prefix.length());
    }

    /** What a SUBSCRIBE for {@code filter} gets. */
    enum Verdict {
        ALLOWED,
        NOT_AUTHORIZED,
        INVALID_FILTER,
        SHARED_NOT_SUPPORTED
    }

    /**
     * Allowed when every topic the filter can match lies under {@code devices/{device}/cmd/}: its first
     * three levels are those literally and it has a fourth ({@code #} also matches the parent level,
     * which is still the device's own command root).
     */
    static Verdict subscribe(String device, String filter) {
        if (!validFilter(filter)) {
            return Verdict.INVALID_FILTER;
        }
        if (filter.startsWith("$share/")) {
            return Verdict.SHARED_NOT_SUPPORTED;
        }
        String prefix = ROOT + device + "/cmd/";
        return filter.startsWith(prefix) && filter.length() > prefix.length()
                ? Verdict.ALLOWED
                : Verdict.NOT_AUTHORIZED;
    }

    /** MQTT topic filter syntax: '#' alone in the last level, '+' alone in its level, no NUL. */
    static boolean validFilter(String filter) {
        if (filter.isEmpty() || filter.indexOf('\u0000') >= 0) {
            return false;
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            if (l.contains("#") && (!l.equals("#") || i != levels.length - 1)) {
                return false;
            }
            if (l.contains("+") && !l.equals("+")) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code topic} (no wildcards) matches {@code filter}. */
    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || (!f[i].equals("+") && !f[i].equals(t[i]))) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
