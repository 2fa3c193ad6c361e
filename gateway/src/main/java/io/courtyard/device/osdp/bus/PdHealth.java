package io.courtyard.device.osdp.bus;

import java.util.List;

/**
 * What the operator's /health shows about one configured PD; a read-only snapshot.
 *
 * @param device the configured id
 * @param secureChannel how the link is protected while online, or was when last online: {@code
 *     secure} (its own key), {@code install key} (the public SCBK-D), {@code clear}; null before it
 *     ever came online
 * @param monitoringOff {@code tamper}, {@code inputs}: reports the PD refused to give at discovery,
 *     so tamper switch, door contact and exit button are not watched for the gate it serves
 * @param violations Secure Channel violations since the gateway started
 */
public record PdHealth(
        String device,
        String bus,
        int address,
        boolean online,
        String secureChannel,
        List<String> monitoringOff,
        long violations) {
    public PdHealth {
        monitoringOff = List.copyOf(monitoringOff);
    }

    static String describe(PdInfo.Security security) {
        if (security == null) {
            return null;
        }
        return switch (security) {
            case SECURE_CHANNEL -> "secure";
            case INSTALL_KEY -> "install key";
            case CLEAR -> "clear";
        };
    }
}
