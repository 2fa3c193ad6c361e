package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AES-128 key, block by block (JDK provider, ECB without padding). OSDP's CBC-MAC switches key on
 * the last block and its IVs come from the MAC chain, so CBC is chained here by hand instead of
 * re-initialising a CBC cipher per message. Not thread-safe: a session lives on one event loop.
 */
final class Aes128 {
    static final int BLOCK = 16;

    private final Cipher encrypt;
    private final Cipher decrypt;

    Aes128(Bytes key) {
        Checks.length("AES-128 key", key, BLOCK);
        try {
            SecretKeySpec spec = new SecretKeySpec(key.toArray(), "AES");
            encrypt = Cipher.getInstance("AES/ECB/NoPadding");
            encrypt.init(Cipher.ENCRYPT_MODE, spec);
            decrypt = Cipher.getInstance("AES/ECB/NoPadding");
            decrypt.init(Cipher.DECRYPT_MODE, spec);
        } catch (GeneralSecurityException e) {
            // AES/ECB/NoPadding is mandatory in every Java SE provider set.
            throw new IllegalStateException("AES-128 unavailable", e);
        }
    }

    /** Encrypts {@code buf[off..off+16)} in place. */
    void encryptBlock(byte[] buf, int off) {
        run(encrypt, buf, off);
    }

    /** Decrypts {@code buf[off..off+16)} in place. */
    void decryptBlock(byte[] buf, int off) {
        run(decrypt, buf, off);
    }

    /** AES(key, block): a fresh array, input untouched. */
    byte[] encrypt(byte[] block) {
        byte[] out = block.clone();
        encryptBlock(out, 0);
        return out;
    }

    /** CBC encryption in place over whole blocks. */
    void cbcEncrypt(byte[] iv, byte[] buf, int off, int length) {
        byte[] chain = iv;
        int chainOff = 0;
        for (int p = off; p < off + length; p += BLOCK) {
            xor(buf, p, chain, chainOff);
            encryptBlock(buf, p);
            chain = buf;
            chainOff = p;
        }
    }

    /** CBC decryption in place over whole blocks. */
    void cbcDecrypt(byte[] iv, byte[] buf, int off, int length) {
        byte[] previous = iv.clone();
        byte[] current = new byte[BLOCK];
        for (int p = off; p < off + length; p += BLOCK) {
            System.arraycopy(buf, p, current, 0, BLOCK);
            decryptBlock(buf, p);
            xor(buf, p, previous, 0);
            byte[] t = previous;
            previous = current;
            current = t;
        }
    }

    static void xor(byte[] target, int targetOff, byte[] source, int sourceOff) {
        for (int i = 0; i < BLOCK; i++) {
            target[targetOff + i] ^= source[sourceOff + i];
        }
    }

    private static void run(Cipher cipher, byte[] buf, int off) {
        try {
            int n = cipher.doFinal(buf, off, BLOCK, buf, off);
            if (n != BLOCK) {
                throw new IllegalStateException("AES returned " + n + " bytes for one block");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-128 block operation failed", e);
        }
    }
}
