package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;

/**
 * The Secure Channel's arithmetic (OSDP 2.2 Annex D): session keys, cryptograms, the CBC-MAC and the
 * data encryption. Pure functions; the MAC chain that feeds them lives in {@link SecureSession}.
 */
final class ScCrypto {
    /** Second byte of the key-derivation block for S-ENC, S-MAC1 and S-MAC2 (Annex D). */
    static final int S_ENC = 0x82;

    static final int S_MAC1 = 0x01;
    static final int S_MAC2 = 0x02;
    /** Padding starts with this byte, then zeros to the block boundary (Annex D). */
    static final int END_MARKER = 0x80;

    private ScCrypto() {}

    /** AES(SCBK, 0x01 ‖ which ‖ RND.A[0..5] ‖ 0x00 × 8). */
    static Bytes sessionKey(Scbk scbk, int which, Bytes rndA) {
        byte[] block = new byte[Aes128.BLOCK];
        block[0] = 0x01;
        block[1] = (byte) which;
        rndA.copyTo(0, block, 2, 6);
        return Bytes.of(new Aes128(scbk.bytes()).encrypt(block));
    }

    /** The PD's proof, sent in CCRYPT: AES(S-ENC, RND.A ‖ RND.B). */
    static Bytes clientCryptogram(Aes128 sEnc, Bytes rndA, Bytes rndB) {
        return Bytes.of(sEnc.encrypt(concat(rndA, rndB)));
    }

    /** The CP's proof, sent in SCRYPT: AES(S-ENC, RND.B ‖ RND.A). */
    static Bytes serverCryptogram(Aes128 sEnc, Bytes rndA, Bytes rndB) {
        return Bytes.of(sEnc.encrypt(concat(rndB, rndA)));
    }

    /** The first R-MAC, sent in RMAC_I: AES(S-MAC2, AES(S-MAC1, server cryptogram)). */
    static Bytes initialRmac(Aes128 sMac1, Aes128 sMac2, Bytes serverCryptogram) {
        return Bytes.of(sMac2.encrypt(sMac1.encrypt(serverCryptogram.toArray())));
    }

    /**
     * CBC-MAC with IV = the last MAC the sender received: blocks 1..n-1 under S-MAC1, block n under
     * S-MAC2. A message that is not a whole number of blocks gets 0x80 and zeros; one that is gets
     * nothing (as the reference implementation does).
     */
    static byte[] mac(Aes128 sMac1, Aes128 sMac2, byte[] iv, byte[] message) {
        int padded = message.length % Aes128.BLOCK == 0 ? message.length : roundUp(message.length + 1);
        byte[] buf = new byte[padded];
        System.arraycopy(message, 0, buf, 0, message.length);
        if (padded != message.length) {
            buf[message.length] = (byte) END_MARKER;
        }
        byte[] chain = iv.clone();
        for (int p = 0; p < padded; p += Aes128.BLOCK) {
            Aes128.xor(chain, 0, buf, p);
            (p + Aes128.BLOCK == padded ? sMac2 : sMac1).encryptBlock(chain, 0);
        }
        return chain;
    }

    /** DATA field encryption: 0x80 then zeros to a whole block, always, then AES-CBC (Annex D). */
    static Bytes encrypt(Aes128 sEnc, byte[] iv, Bytes clear) {
        byte[] buf = new byte[roundUp(clear.length() + 1)];
        clear.copyTo(0, buf, 0, clear.length());
        buf[clear.length()] = (byte) END_MARKER;
        sEnc.cbcEncrypt(iv, buf, 0, buf.length);
        return Bytes.of(buf);
    }

    /** The clear DATA field, or {@code null} when the length or the end marker is wrong. */
    static Bytes decrypt(Aes128 sEnc, byte[] iv, Bytes cipher) {
        if (cipher.isEmpty() || cipher.length() % Aes128.BLOCK != 0) {
            return null;
        }
        byte[] buf = cipher.toArray();
        sEnc.cbcDecrypt(iv, buf, 0, buf.length);
        int end = buf.length - 1;
        while (end >= 0 && buf[end] == 0) {
            end--;
        }
        // The marker must sit in the last block; more zeros than that is not our padding.
        if (end < 0 || (buf[end] & 0xFF) != END_MARKER || buf.length - end > Aes128.BLOCK) {
            return null;
        }
        return Bytes.copyOf(buf, 0, end);
    }

    static byte[] complement(byte[] mac) {
        byte[] out = new byte[mac.length];
        for (int i = 0; i < mac.length; i++) {
            out[i] = (byte) ~mac[i];
        }
        return out;
    }

    private static int roundUp(int n) {
        return (n + Aes128.BLOCK - 1) / Aes128.BLOCK * Aes128.BLOCK;
    }

    private static byte[] concat(Bytes a, Bytes b) {
        byte[] out = new byte[a.length() + b.length()];
        a.copyTo(0, out, 0, a.length());
        b.copyTo(0, out, a.length(), b.length());
        return out;
    }
}
