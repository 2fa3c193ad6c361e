package io.courtyard.access;

import io.courtyard.config.CameraConfig;

/**
 * Finds the list entry a camera's read stands for. Exact on the normalized plate first (case,
 * full-width and separators already folded, the province character kept as read); then, only when
 * the barrier configures a confusion rule and the camera was sure enough, the entries one
 * character away by one confusable pair. A near match must be unique: two candidates match nobody.
 */
final class PlateMatcher {
    private PlateMatcher() {}

    /**
     * @param key what the engine looks up: the exact read, the near match, or null
     * @param pair the confusion pair that made a near match, e.g. {@code B8}; null otherwise
     */
    record Result(CredentialKey read, CredentialKey key, PlateDecision.Match match, String pair) {}

    static Result match(AccessSnapshot snap, String text, int confidence, CameraConfig.Plates rules) {
        CredentialKey read = text == null ? null : CredentialKey.plate(text);
        if (text == null || confidence < rules.minConfidence()) {
            return new Result(read, read, PlateDecision.Match.NONE, null);
        }
        if (read != null && snap.lookup(read) != null) {
            return new Result(read, read, PlateDecision.Match.EXACT, null);
        }
        CameraConfig.NearMatch near = rules.nearMatch().orElse(null);
        if (near == null || confidence < near.minConfidence()) {
            return new Result(read, read, PlateDecision.Match.NONE, null);
        }
        String cleaned = PlateNormalizer.clean(text);
        CredentialKey found = null;
        String foundPair = null;
        // Position 0 is the province: never swapped, a plate of another province is another car.
        for (int i = 1; i < cleaned.length(); i++) {
            char c = cleaned.charAt(i);
            for (String pair : near.confusions()) {
                char other = other(pair, c);
                if (other == 0) {
                    continue;
                }
                CredentialKey k = CredentialKey.plate(cleaned.substring(0, i) + other + cleaned.substring(i + 1));
                if (k == null || k.equals(read) || k.equals(found) || snap.lookup(k) == null) {
                    continue;
                }
                if (found != null) {
                    // Two listed plates are each one look-alike away: guessing would admit the wrong car.
                    return new Result(read, read, PlateDecision.Match.NONE, null);
                }
                found = k;
                foundPair = pair;
            }
        }
        return found == null
                ? new Result(read, read, PlateDecision.Match.NONE, null)
                : new Result(read, found, PlateDecision.Match.NEAR, foundPair);
    }

    /** The other character of {@code pair} when {@code c} is one of its two, else 0. */
    private static char other(String pair, char c) {
        return pair.charAt(0) == c ? pair.charAt(1) : pair.charAt(1) == c ? pair.charAt(0) : 0;
    }
}
