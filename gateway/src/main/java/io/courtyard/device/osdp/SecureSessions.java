package io.courtyard.device.osdp;

import java.util.Optional;

/**
 * The Secure Channel sessions on one bus connection, by PD address. The poller (or emulator) puts a
 * session here when a handshake completes and removes it when the PD goes offline or the session
 * breaks; the codec seals and opens with whatever is here. Confined to the channel's event loop.
 */
public final class SecureSessions {
    private final SecureSession[] byAddress = new SecureSession[OsdpFrame.BROADCAST + 1];

    public void put(int pdAddress, SecureSession session) {
        byAddress[Checks.range("PD address", pdAddress, 0, OsdpFrame.BROADCAST - 1)] =
                Checks.notNull("session", session);
    }

    public void remove(int pdAddress) {
        byAddress[Checks.range("PD address", pdAddress, 0, OsdpFrame.BROADCAST)] = null;
    }

    public Optional<SecureSession> get(int pdAddress) {
        return Optional.ofNullable(find(pdAddress));
    }

    SecureSession find(int pdAddress) {
        return pdAddress >= 0 && pdAddress < byAddress.length ? byAddress[pdAddress] : null;
    }
}
