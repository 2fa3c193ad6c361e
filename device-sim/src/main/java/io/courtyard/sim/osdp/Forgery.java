package io.courtyard.sim.osdp;

import io.courtyard.device.Bytes;
import io.courtyard.device.osdp.CheckMode;
import io.courtyard.device.osdp.OsdpFrame;
import io.courtyard.device.osdp.Reply;
import io.courtyard.device.osdp.SecurityBlock;
import java.security.SecureRandom;

/**
 * A reply that someone on the RS-485 pair or the serial-server link puts on the wire in a Secure
 * Channel PD's place: in clear, with a made-up MAC, with a security block of the wrong kind, or a
 * sealed reply captured earlier and sent again. Each is framed for the command it answers, with
 * valid check bytes: only the Secure Channel can tell it from the PD's own.
 */
public sealed interface Forgery {
    /** The frame answering a command with this address, sequence and check mode; null when it does not fit. */
    OsdpFrame frame(int pdAddress, int sequence, CheckMode mode);

    /** The reply with no security block at all: what a plaintext emulator sends. */
    record Plaintext(Reply reply) implements Forgery {
        @Override
        public OsdpFrame frame(int pdAddress, int sequence, CheckMode mode) {
            return OsdpFrame.of(pdAddress, true, sequence, mode, null, reply.code(), reply.payload());
        }
    }

    /** SCS_16 (or SCS_18 with data) and four random bytes where the MAC belongs. */
    record ForgedMac(Reply reply) implements Forgery {
        @Override
        public OsdpFrame frame(int pdAddress, int sequence, CheckMode mode) {
            int type = reply.payload().isEmpty() ? SecurityBlock.SCS_16 : SecurityBlock.SCS_18;
            return withMac(pdAddress, sequence, mode, type, reply);
        }
    }

    /** A handshake block (SCS_14, "accepted") on an ordinary reply: it parses, but carries no MAC. */
    record HandshakeBlock(Reply reply) implements Forgery {
        @Override
        public OsdpFrame frame(int pdAddress, int sequence, CheckMode mode) {
            SecurityBlock block = new SecurityBlock(SecurityBlock.SCS_14, Bytes.ofUnsigned(1));
            return OsdpFrame.of(pdAddress, true, sequence, mode, block, reply.code(), reply.payload());
        }
    }

    /** A MAC-carrying block of the command direction (SCS_15) on a reply. */
    record CommandBlock(Reply reply) implements Forgery {
        @Override
        public OsdpFrame frame(int pdAddress, int sequence, CheckMode mode) {
            return withMac(pdAddress, sequence, mode, SecurityBlock.SCS_15, reply);
        }
    }

    /**
     * A sealed reply recorded earlier ({@link EmulatedPd#sentFrames()}), byte for byte. It fits only
     * a command with its own sequence number, so it waits for one: the MAC covers the sequence.
     */
    record Replay(OsdpFrame captured) implements Forgery {
        @Override
        public OsdpFrame frame(int pdAddress, int sequence, CheckMode mode) {
            return captured.pdAddress() == pdAddress && captured.sequence() == sequence ? captured : null;
        }
    }

    private static OsdpFrame withMac(int pdAddress, int sequence, CheckMode mode, int type, Reply reply) {
        OsdpFrame clear = OsdpFrame.of(pdAddress, true, sequence, mode, null, reply.code(), reply.payload());
        byte[] mac = new byte[4];
        new SecureRandom().nextBytes(mac);
        return new OsdpFrame(
                clear.address(),
                clear.control() | OsdpFrame.SECURITY_FLAG,
                new SecurityBlock(type, Bytes.EMPTY),
                reply.code(),
                reply.payload(),
                Bytes.of(mac));
    }
}
