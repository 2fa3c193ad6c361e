package io.courtyard.device.lpr;

import io.courtyard.access.Actuation;
import io.courtyard.access.CredentialKey;
import io.courtyard.access.Decision;
import io.courtyard.access.PlateDecision;
import io.courtyard.access.Reason;
import io.courtyard.access.StateChange;
import io.courtyard.config.CameraConfig;
import io.courtyard.config.DevicesConfig.Direction;
import io.courtyard.config.Secret;
import io.courtyard.device.lpr.push.PlateRead;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Cameras, reads and decisions for the camera room's unit tests. */
final class LprTestData {
    private LprTestData() {}

    static CameraConfig.SourceAddress address(String ip) {
        try {
            byte[] a = InetAddress.getByName(ip).getAddress();
            return new CameraConfig.SourceAddress(a, a.length * 8, ip);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static CameraConfig vzenith(Duration answerWithin) {
        return new CameraConfig(
                CameraConfig.Vendor.VZENITH,
                List.of(address("127.0.0.1")),
                Optional.empty(),
                answerWithin,
                Duration.ofMinutes(2),
                false,
                CameraConfig.Display.OFF,
                Optional.empty(),
                Optional.empty());
    }

    static CameraConfig withSecret(CameraConfig c, String secret) {
        return new CameraConfig(
                c.vendor(),
                c.addresses(),
                Optional.of(new Secret(secret)),
                c.answerWithin(),
                c.offlineAfter(),
                c.retransferStop(),
                c.display(),
                c.isapi(),
                c.imageQuota());
    }

    static Camera entry(boolean openOnFault, Duration answerWithin) {
        return new Camera("east-entry", "East entry", Direction.ENTRY, "VZ-1", openOnFault, vzenith(answerWithin));
    }

    static PlateRead read(long plateId, String plate, int confidence, boolean replay) {
        return new PlateRead(
                CameraConfig.Vendor.VZENITH,
                "VZ-1",
                Long.toString(plateId),
                plate,
                confidence,
                Instant.parse("2026-03-02T02:00:00Z"),
                replay,
                null,
                null,
                List.of());
    }

    /** A granted entry of permit p1 that moved it in. */
    static PlateDecision granted(String plate) {
        Decision d = new Decision(
                Reason.GRANTED,
                "east-entry",
                Direction.ENTRY,
                CredentialKey.plate(plate),
                "p1",
                "h1",
                "resident",
                "1-1-702",
                new Actuation.RaiseBarrier(),
                "permit p1",
                new StateChange("permit:p1", -1, "zone:main-lot", StateChange.Position.IN),
                1);
        return new PlateDecision(d, PlateDecision.Match.EXACT, CredentialKey.plate(plate));
    }
}
