package io.courtyard.acl;

import io.courtyard.config.PublicKeys;
import io.courtyard.runtime.SmallFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/** Ed25519 key pairs for signing access lists: generation, PEM files, key ids. */
public final class Keys {
    private Keys() {}

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is required of every JDK 15+", e);
        }
    }

    /** First 8 bytes of SHA-256 over the public key's DER, hex: names a key in logs without a registry. */
    public static String keyId(PublicKey key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String publicPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    public static String privatePem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /** An Ed25519 key in PEM is under 200 bytes; this leaves room for comments. */
    static final int MAX_KEY_FILE_BYTES = 16 << 10;

    public static PrivateKey readPrivate(Path file) throws IOException {
        String text = SmallFiles.read(file, MAX_KEY_FILE_BYTES, StandardCharsets.US_ASCII, "a key file holds one key")
                .strip();
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        if (!text.startsWith(begin) || !text.contains(end)) {
            throw new IllegalArgumentException(
                    file + ": expected a PEM 'PRIVATE KEY' (PKCS#8), as keys generate" + " writes it");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin.length(), text.indexOf(end)));
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": not an Ed25519 private key: " + e.getMessage());
        }
    }

    public static PublicKey readPublic(Path file) throws IOException {
        try {
            return PublicKeys.ed25519(
                    SmallFiles.read(file, MAX_KEY_FILE_BYTES, StandardCharsets.US_ASCII, "a key file holds one key"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    /** Writes {@code NAME.key} (mode 0600, created so: never readable by others, not even briefly) and {@code NAME.pub}. */
    public static void write(KeyPair pair, Path privateFile, Path publicFile) throws IOException {
        for (Path p : new Path[] {privateFile, publicFile}) {
            if (Files.exists(p)) {
                throw new FileAlreadyExistsException(p.toString(), null, "refusing to overwrite a key");
            }
        }
        Path dir = privateFile.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.createFile(
                privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(privateFile, privatePem(pair.getPrivate()), StandardCharsets.US_ASCII);
        Files.writeString(publicFile, publicPem(pair.getPublic()), StandardCharsets.US_ASCII);
    }

    private static String pem(String type, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
    }
}
