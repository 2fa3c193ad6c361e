package io.courtyard.access;

import io.courtyard.config.CameraConfig;

/** The checks only a plate read has: was anything read, and was the camera sure enough of it. */
record PlateReads(PlateRequest request, CameraConfig.Plates rules) {

    /** A denial for an empty, doubtful or foreign read; null when the read may be looked up. */
    Decision refuse(Evaluation e) {
        if (request.plate() == null) {
            return e.deny(Reason.INVALID_CREDENTIAL, "the camera read no plate");
        }
        if (request.confidence() < rules.minConfidence()) {
            return e.deny(
                    Reason.LOW_CONFIDENCE,
                    "read at confidence " + request.confidence() + ", below " + rules.minConfidence() + " at "
                            + request.device());
        }
        if (e.request.credential() == null) {
            return e.deny(
                    Reason.INVALID_CREDENTIAL,
                    "the read is no plate this gateway knows (7 characters, or 8 for new-energy plates)");
        }
        return null;
    }

    /** The decision of a near match says so in its rule: a crew reviewing it should look twice. */
    static Decision nearMatch(Decision d, String pair, int confidence) {
        return new Decision(
                d.reason(),
                d.device(),
                d.direction(),
                d.credential(),
                d.subject(),
                d.holder(),
                d.holderKind(),
                d.household(),
                d.actuation(),
                d.rule() + "; near match: one character read as its look-alike (" + pair.charAt(0) + "/"
                        + pair.charAt(1) + ") at confidence " + confidence,
                d.change(),
                d.aclVersion());
    }
}
