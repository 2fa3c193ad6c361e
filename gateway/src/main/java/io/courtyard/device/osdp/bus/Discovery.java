package io.courtyard.device.osdp.bus;

import io.courtyard.config.DevicesConfig.OsdpDevice;
import io.courtyard.config.DevicesConfig.SecureChannel;
import io.courtyard.device.osdp.CheckMode;
import io.courtyard.device.osdp.Command;
import io.courtyard.device.osdp.Command.CapabilitiesRequest;
import io.courtyard.device.osdp.Command.IdRequest;
import io.courtyard.device.osdp.PdCapabilities;
import io.courtyard.device.osdp.PdId;
import io.courtyard.device.osdp.Reply;

/**
 * A PD's way from silence to polling: osdp_ID, osdp_CAP, then the Secure Channel its configuration
 * asks for. A PD configured for Secure Channel never goes online in clear: a PD that lacks it or
 * refuses the key fails discovery instead.
 */
final class Discovery {
    private enum Step {
        IDENTIFY,
        CAPABILITIES,
        SECURE_CHANNEL,
        DONE
    }

    private final int address;
    private final OsdpDevice device;
    private final BusContext bus;
    private final Runnable onKeyProvisioned;
    private Step step = Step.IDENTIFY;
    private PdId id;
    private PdCapabilities capabilities;
    private SecureSetup secure;

    Discovery(int address, OsdpDevice device, BusContext bus, Runnable onKeyProvisioned) {
        this.address = address;
        this.device = device;
        this.bus = bus;
        this.onKeyProvisioned = onKeyProvisioned;
    }

    Command next() {
        return switch (step) {
            case IDENTIFY -> IdRequest.STANDARD;
            case CAPABILITIES -> CapabilitiesRequest.STANDARD;
            case SECURE_CHANNEL -> secure.next();
            case DONE -> throw new IllegalStateException("discovery of PD " + address + " is complete");
        };
    }

    boolean complete() {
        return step == Step.DONE;
    }

    /** FACTS: a CP falls back to checksum mode when the PD's capabilities say it has no CRC. */
    boolean crcRefused() {
        return capabilities != null && !capabilities.supportsCrc();
    }

    PdInfo info(CheckMode checkMode) {
        PdInfo.Security security = secure == null ? PdInfo.Security.CLEAR : secure.established();
        return new PdInfo(id, capabilities, checkMode, security);
    }

    /** @return null to go on with {@link #next()} (or online when {@link #complete()}), else why it failed */
    String onReply(Reply reply) {
        switch (step) {
            case IDENTIFY -> {
                if (!(reply instanceof PdId pdId)) {
                    return "PD answered ID with " + Reports.describe(reply);
                }
                id = pdId;
                step = Step.CAPABILITIES;
                return null;
            }
            case CAPABILITIES -> {
                if (!(reply instanceof PdCapabilities caps)) {
                    return "PD answered CAP with " + Reports.describe(reply);
                }
                capabilities = caps;
                return afterCapabilities();
            }
            case SECURE_CHANNEL -> {
                String failure = secure.onReply(reply);
                if (failure == null && secure.established() != null) {
                    step = Step.DONE;
                }
                return failure;
            }
            default -> throw new IllegalStateException("discovery of PD " + address + " is complete");
        }
    }

    private String afterCapabilities() {
        if (device.secureChannel() == SecureChannel.OFF) {
            step = Step.DONE;
            return null;
        }
        if (!capabilities.supportsSecureChannel()) {
            return "configured for Secure Channel (" + device.secureChannel()
                    + ") but the PD's capabilities offer none";
        }
        // The current connection's sessions: discovery may have been created under the previous one.
        secure = new SecureSetup(address, device, bus.sessions(), bus.random, onKeyProvisioned);
        secure.start();
        step = Step.SECURE_CHANNEL;
        return null;
    }
}
