package io.courtyard.config;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The plate camera of one barrier: how it pushes, how it is recognised, how long it waits for an
 * answer, and (Hikvision) how the gateway opens the barrier.
 *
 * @param vendor which push format the camera speaks
 * @param addresses the source addresses (IP or CIDR) its pushes may come from; never empty
 * @param secret an optional shared secret the camera presents (HTTP Basic password, Bearer token or
 *     {@code key} query parameter)
 * @param answerWithin the camera's own timeout: the answer must be written before it
 * @param offlineAfter silence (no push, no heartbeat) after which the camera is reported offline
 * @param retransferStop Vzenith: add {@code "content": "retransfer_stop"} to every answer (models that
 *     resend a record until they see it)
 * @param display Vzenith: what the answer's {@code serialData} sends to the barrier's RS-485 display
 * @param isapi Hikvision: where and how to open the barrier ({@code PUT .../barrierGate})
 * @param imageQuota empty: images are dropped; else they are kept under the state directory within
 *     this many bytes, oldest pruned first
 */
public record CameraConfig(
        Vendor vendor,
        List<SourceAddress> addresses,
        Optional<Secret> secret,
        Duration answerWithin,
        Duration offlineAfter,
        boolean retransferStop,
        Display display,
        Optional<Isapi> isapi,
        Optional<Long> imageQuota) {

    public CameraConfig {
        addresses = List.copyOf(addresses);
    }

    /** The push formats the camera listener understands, each under its own path {@code /lpr/<tag>}. */
    public enum Vendor {
        VZENITH,
        HIKVISION,
        GENERIC;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a Vzenith answer asks the barrier's RS-485 LED and voice display to do. */
    public enum Display {
        OFF,
        VOICE,
        TEXT,
        BOTH;

        public boolean voice() {
            return this == VOICE || this == BOTH;
        }

        public boolean text() {
            return this == TEXT || this == BOTH;
        }
    }

    /**
     * The camera's ISAPI endpoint for the barrier: {@code PUT {url}/ISAPI/Parking/channels/{channel}/barrierGate}
     * with HTTP Digest authentication (RFC 7616).
     */
    public record Isapi(URI url, int channel, String username, Secret password, Duration timeout) {}

    /** One IP address ({@code prefix} = its full length) or a CIDR block; the camera's source must be in one. */
    public record SourceAddress(byte[] network, int prefix, String text) {
        public boolean matches(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (b[full] & mask) == (network[full] & mask);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SourceAddress s && s.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * How plate reads are matched at a barrier: reads below {@code minConfidence} are refused with
     * their own reason; a near match under the confusion rule is admitted only when configured.
     */
    public record Plates(int minConfidence, Optional<NearMatch> nearMatch) {
        public static final Plates DEFAULTS = new Plates(75, Optional.empty());
    }

    /**
     * A read that is not in the list may match a listed plate that differs in exactly one character
     * by one of the {@code confusions} (pairs like {@code O0}: O read for 0 or 0 for O), and only when
     * the camera was at least {@code minConfidence} sure. The province character never takes part.
     */
    public record NearMatch(int minConfidence, List<String> confusions) {
        public static final List<String> DEFAULT_CONFUSIONS = List.of("O0", "I1", "B8", "D0");

        public NearMatch {
            confusions = List.copyOf(confusions);
        }
    }
}
