package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;

/**
 * An established Secure Channel with one PD (OSDP 2.2 Annex D): seals outgoing frames with MAC
 * and encrypted data, opens incoming ones. Each MAC chains from the last MAC received, so a lost,
 * replayed or altered message breaks the chain; the first failure breaks the session for good and
 * the CP must handshake again.
 *
 * <p>Sealing is idempotent until the next frame is opened: a retried command (or a repeated reply)
 * sealed again comes out byte for byte the same, which OSDP's retry rule requires. Not
 * thread-safe; confined to the channel's event loop.
 */
public final class SecureSession {
    private static final Bytes MAC_PLACEHOLDER = Bytes.of(new byte[SecurityBlock.MAC_SIZE]);

    private final SessionKeys keys;
    private final boolean defaultKey;
    /** MAC of the last command, the chaining value for the next reply. */
    private final byte[] cmac = new byte[Aes128.BLOCK];
    /** MAC of the last reply (RMAC_I at first), the chaining value for the next command. */
    private final byte[] rmac;

    private boolean broken;

    SecureSession(SessionKeys keys, Bytes initialRmac, boolean defaultKey) {
        this.keys = keys;
        this.rmac = initialRmac.toArray();
        this.defaultKey = defaultKey;
    }

    /** True when opened with SCBK-D: fit only for KEYSET in install mode. */
    public boolean usesDefaultKey() {
        return defaultKey;
    }

    /** True after a MAC or decryption failure; the session must be replaced. */
    public boolean isBroken() {
        return broken;
    }

    /** A clear frame (no security block) as SCS_15..18, data encrypted when there is any. */
    public OsdpFrame seal(OsdpFrame clear) {
        if (clear.securityBlock() != null) {
            throw new IllegalArgumentException("frame already has security block " + clear.securityBlock());
        }
        requireUsable(clear.pdAddress());
        boolean command = !clear.isReply();
        byte[] chain = command ? rmac : cmac;
        Bytes data = clear.data();
        int type;
        if (data.isEmpty()) {
            type = command ? SecurityBlock.SCS_15 : SecurityBlock.SCS_16;
        } else {
            data = ScCrypto.encrypt(keys.enc, ScCrypto.complement(chain), data);
            type = command ? SecurityBlock.SCS_17 : SecurityBlock.SCS_18;
        }
        SecurityBlock block = new SecurityBlock(type, Bytes.EMPTY);
        // The length field counts the MAC, so the body is laid out with a placeholder in its place.
        OsdpFrame framed = clear.secured(block, data, MAC_PLACEHOLDER);
        byte[] mac = ScCrypto.mac(keys.mac1, keys.mac2, chain, FrameLayout.body(framed));
        System.arraycopy(mac, 0, command ? cmac : rmac, 0, Aes128.BLOCK);
        return clear.secured(block, data, Bytes.copyOf(mac, 0, SecurityBlock.MAC_SIZE));
    }

    /** Verifies and decrypts an SCS_15..18 frame; the result carries no security block. */
    public OsdpFrame open(OsdpFrame sealed) {
        int address = sealed.pdAddress();
        requireUsable(address);
        SecurityBlock block = sealed.securityBlock();
        boolean command = !sealed.isReply();
        boolean commandType =
                block != null && (block.type() == SecurityBlock.SCS_15 || block.type() == SecurityBlock.SCS_17);
        if (block == null || !block.hasMac() || commandType != command) {
            throw fail(
                    OsdpError.BAD_SECURITY_BLOCK,
                    address,
                    "security block %s on a %s",
                    block,
                    command ? "command" : "reply");
        }
        byte[] chain = command ? rmac : cmac;
        byte[] mac = ScCrypto.mac(keys.mac1, keys.mac2, chain, FrameLayout.body(sealed));
        if (!MessageDigest.isEqual(
                Arrays.copyOf(mac, SecurityBlock.MAC_SIZE), sealed.mac().toArray())) {
            throw fail(
                    OsdpError.BAD_MAC,
                    address,
                    "MAC %s on code 0x%02X sequence %d does not verify",
                    sealed.mac(),
                    sealed.code(),
                    sealed.sequence());
        }
        Bytes data = sealed.data();
        if (block.encrypted() && !data.isEmpty()) {
            data = ScCrypto.decrypt(keys.enc, ScCrypto.complement(chain), data);
            if (data == null) {
                throw fail(
                        OsdpError.BAD_PADDING,
                        address,
                        "%d encrypted bytes on code 0x%02X do not decrypt",
                        sealed.data().length(),
                        sealed.code());
            }
        }
        System.arraycopy(mac, 0, command ? cmac : rmac, 0, Aes128.BLOCK);
        return sealed.clear(data);
    }

    private void requireUsable(int address) {
        if (broken) {
            throw new SecureChannelException(
                    OsdpError.NO_SESSION,
                    address,
                    String.format(
                            Locale.ROOT,
                            "PD 0x%02X: Secure Channel broken by an earlier failure; handshake again",
                            address));
        }
    }

    private SecureChannelException fail(OsdpError error, int address, String format, Object... args) {
        broken = true;
        return new SecureChannelException(
                error,
                address,
                String.format(Locale.ROOT, "PD 0x%02X: %s", address, String.format(Locale.ROOT, format, args)));
    }
}
