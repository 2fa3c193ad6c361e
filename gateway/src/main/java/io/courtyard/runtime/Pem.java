package io.courtyard.runtime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads PEM certificates and unencrypted PKCS#8 private keys (RSA or EC) with the JDK alone. */
public final class Pem {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----", Pattern.DOTALL);
    private static final String CONVERT_HINT = "convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8";

    private Pem() {}

    /** Every certificate in the file, in file order (leaf first for a chain). */
    public static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        for (Block b : blocks(file)) {
            if (b.type.equals("CERTIFICATE")) {
                try {
                    out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der)));
                } catch (CertificateException e) {
                    throw new CertificateException(file + ": certificate #" + (out.size() + 1) + " is corrupt: " + e);
                }
            }
        }
        if (out.isEmpty()) {
            throw new CertificateException(file + ": no '-----BEGIN CERTIFICATE-----' block found");
        }
        return out;
    }

    /** The one private key in the file; PKCS#8 ({@code BEGIN PRIVATE KEY}), RSA or EC. */
    public static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        for (Block b : blocks(file)) {
            switch (b.type) {
                case "PRIVATE KEY":
                    return pkcs8(file, b.der);
                case "RSA PRIVATE KEY", "EC PRIVATE KEY":
                    throw new InvalidKeySpecException(file + ": found a '" + b.type
                            + "' (PKCS#1/SEC1) key, need PKCS#8 'PRIVATE KEY'; " + CONVERT_HINT);
                case "ENCRYPTED PRIVATE KEY":
                    throw new InvalidKeySpecException(file
                            + ": the key is encrypted; the gateway starts unattended, so it needs an unencrypted"
                            + " PKCS#8 key readable only by its user; " + CONVERT_HINT);
                default:
                    // certificates may share the file with the key
            }
        }
        throw new InvalidKeySpecException(file + ": no '-----BEGIN PRIVATE KEY-----' block found");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException e) {
                // not this algorithm; try the next
            }
        }
        throw new InvalidKeySpecException(file + ": the PKCS#8 key is neither RSA nor EC (or is corrupt)");
    }

    /** PEM encoding of DER bytes, for tests and tools that write key material. */
    public static String encode(String type, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
    }

    /** Far above any key or certificate chain a listener uses. */
    static final int MAX_BYTES = 1 << 20;

    private record Block(String type, byte[] der) {}

    private static List<Block> blocks(Path file) throws IOException, GeneralSecurityException {
        String text = SmallFiles.read(
                file, MAX_BYTES, StandardCharsets.ISO_8859_1, "a PEM file holds a key or a certificate chain");
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException(file + ": '" + m.group(1) + "' block is not valid base64: " + e);
            }
        }
        return out;
    }
}
