package io.courtyard.testsupport;

import io.courtyard.runtime.Pem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throwaway PKI for TLS tests, made with the JDK's keytool (no OpenSSL needed): a CA, a server
 * certificate for {@code localhost}, an RSA and an EC client certificate, and an
 * unrelated CA to prove that a wrong trust anchor fails. Everything is written as PEM, keys as
 * unencrypted PKCS#8, which is what mosquitto and the gateway's config expect. The server
 * certificate names only {@code localhost}, so connecting by IP proves hostname verification.
 */
public final class TestCertificates {
    private static final String PASS = "changeit";

    /** PEM files of one throwaway PKI. */
    public record Pki(
            Path caCert,
            Path serverCert,
            Path serverKey,
            Path rsaClientCert,
            Path rsaClientKey,
            Path ecClientCert,
            Path ecClientKey,
            Path otherCaCert) {}

    private TestCertificates() {}

    public static Pki generate(Path dir) throws IOException, GeneralSecurityException, InterruptedException {
        Path store = dir.resolve("pki.p12");
        keytool(
                store,
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=Courtyard Test CA",
                "-ext",
                "bc:c");
        keytool(
                store,
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=localhost",
                "-signer",
                "ca",
                "-ext",
                "SAN=dns:localhost",
                "-ext",
                "EKU=serverAuth");
        keytool(
                store,
                "-genkeypair",
                "-alias",
                "client-rsa",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=courtyard-rsa",
                "-signer",
                "ca",
                "-ext",
                "EKU=clientAuth");
        keytool(
                store,
                "-genkeypair",
                "-alias",
                "client-ec",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=courtyard-ec",
                "-signer",
                "ca",
                "-ext",
                "EKU=clientAuth");
        keytool(
                store,
                "-genkeypair",
                "-alias",
                "other-ca",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=Some Other CA",
                "-ext",
                "bc:c");

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASS.toCharArray());
        }
        return new Pki(
                cert(ks, "ca", dir.resolve("ca.pem")),
                cert(ks, "server", dir.resolve("server.pem")),
                key(ks, "server", dir.resolve("server.key")),
                cert(ks, "client-rsa", dir.resolve("client-rsa.pem")),
                key(ks, "client-rsa", dir.resolve("client-rsa.key")),
                cert(ks, "client-ec", dir.resolve("client-ec.pem")),
                key(ks, "client-ec", dir.resolve("client-ec.key")),
                cert(ks, "other-ca", dir.resolve("other-ca.pem")));
    }

    /** A client certificate and its key (PEM). */
    public record Client(Path cert, Path key) {}

    /**
     * Another EC client certificate from the CA that {@link #generate} made in {@code dir}, whose
     * common name is {@code cn}: one per gateway or device, the broker's identity for it.
     */
    public static Client client(Path dir, String cn)
            throws IOException, GeneralSecurityException, InterruptedException {
        Path store = dir.resolve("pki.p12");
        String alias = "client-" + cn;
        keytool(
                store,
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + cn,
                "-signer",
                "ca",
                "-ext",
                "EKU=clientAuth");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASS.toCharArray());
        }
        return new Client(cert(ks, alias, dir.resolve(alias + ".pem")), key(ks, alias, dir.resolve(alias + ".key")));
    }

    /** Writes the alias's certificate (the leaf only; the CA is configured separately). */
    private static Path cert(KeyStore ks, String alias, Path file) throws IOException, GeneralSecurityException {
        Certificate c = ks.getCertificate(alias);
        Files.writeString(file, Pem.encode("CERTIFICATE", c.getEncoded()), StandardCharsets.US_ASCII);
        return file;
    }

    private static Path key(KeyStore ks, String alias, Path file) throws IOException, GeneralSecurityException {
        Key k = ks.getKey(alias, PASS.toCharArray());
        // PKCS12 keys encode as PKCS#8 PrivateKeyInfo.
        Files.writeString(file, Pem.encode("PRIVATE KEY", k.getEncoded()), StandardCharsets.US_ASCII);
        return file;
    }

    private static void keytool(Path store, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // keytool is a short-lived JVM: skip the optimizing compiler, it only costs start-up time.
        cmd.add("-J-XX:TieredStopAtLevel=1");
        cmd.add("-J-XX:+UseSerialGC");
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12"));
        cmd.addAll(List.of("-storepass", PASS, "-keypass", PASS));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed:\n" + out);
        }
    }
}
