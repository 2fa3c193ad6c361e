package io.courtyard.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.InvalidKeySpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void readsPkcs8RsaKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        PrivateKey k = Pem.privateKey(
                write("rsa.key", Pem.encode("PRIVATE KEY", kp.getPrivate().getEncoded())));
        assertEquals("RSA", k.getAlgorithm());
        assertArrayEquals(kp.getPrivate().getEncoded(), k.getEncoded());
    }

    @Test
    void readsPkcs8EcKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        String text = "comment lines are fine\n"
                + Pem.encode("PRIVATE KEY", kp.getPrivate().getEncoded());
        PrivateKey k = Pem.privateKey(write("ec.key", text));
        assertEquals("EC", k.getAlgorithm());
        assertArrayEquals(kp.getPrivate().getEncoded(), k.getEncoded());
    }

    @Test
    void legacyKeyFormatsAreRefusedWithTheConversionCommand() throws Exception {
        Path p = write("old.key", Pem.encode("RSA PRIVATE KEY", new byte[] {1, 2, 3}));
        InvalidKeySpecException e = assertThrows(InvalidKeySpecException.class, () -> Pem.privateKey(p));
        assertTrue(e.getMessage().contains("old.key"), e.getMessage());
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8"), e.getMessage());
    }

    @Test
    void encryptedKeysAreRefusedByName() throws Exception {
        Path p = write("enc.key", Pem.encode("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
        InvalidKeySpecException e = assertThrows(InvalidKeySpecException.class, () -> Pem.privateKey(p));
        assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
    }

    @Test
    void aFileFarLargerThanAnyKeyIsRefusedUnreadWithItsName() throws Exception {
        // A path that names a log or a disk image by mistake: the read stops at the bound.
        Path p = dir.resolve("huge.pem");
        try (var out = Files.newOutputStream(p)) {
            byte[] chunk = new byte[64 << 10];
            java.util.Arrays.fill(chunk, (byte) 'A');
            for (int i = 0; i < 64; i++) {
                out.write(chunk);
            }
        }
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> Pem.certificates(p));
        assertTrue(e.getMessage().contains("huge.pem") && e.getMessage().contains("larger than"), e.getMessage());
        assertThrows(java.io.IOException.class, () -> io.courtyard.acl.Keys.readPublic(p));
        assertThrows(java.io.IOException.class, () -> io.courtyard.acl.Keys.readPrivate(p));
    }

    @Test
    void aFileWithoutCertificatesSaysSo() throws Exception {
        Path p = write("empty.pem", "nothing here\n");
        CertificateException e = assertThrows(CertificateException.class, () -> Pem.certificates(p));
        assertTrue(e.getMessage().contains("empty.pem") && e.getMessage().contains("BEGIN CERTIFICATE"));
    }

    @Test
    void corruptBase64IsNamed() throws Exception {
        Path p = write("bad.pem", "-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----\n");
        GeneralSecurityException e = assertThrows(GeneralSecurityException.class, () -> Pem.certificates(p));
        assertTrue(e.getMessage().contains("bad.pem"), e.getMessage());
    }
}
