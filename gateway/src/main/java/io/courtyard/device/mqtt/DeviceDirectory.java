package io.courtyard.device.mqtt;

import io.courtyard.config.DevicesConfig.Monitor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The devices that may log in and how: a username and the device's secret, compared in constant
 * time, or a client certificate (verified by TLS against the configured CA) whose common name is
 * the device's username or id.
 */
final class DeviceDirectory {
    /** A device that may connect; {@code id} names its topics. */
    record Device(String id, String username) {}

    private record Entry(Device device, byte[] secretDigest) {}

    private final Map<String, Entry> byUsername = new HashMap<>();
    private final Map<String, Entry> byId = new HashMap<>();
    /** Compared against when the username is unknown, so that an unknown name costs what a known one does. */
    private final byte[] decoy = sha256("courtyard-no-such-device".getBytes(StandardCharsets.UTF_8));

    DeviceDirectory(List<Monitor> monitors) {
        for (Monitor m : monitors) {
            Entry e = new Entry(
                    new Device(m.id(), m.username()), sha256(m.secret().reveal().getBytes(StandardCharsets.UTF_8)));
            byUsername.put(m.username(), e);
            byId.put(m.id(), e);
        }
    }

    /**
     * The device these credentials prove, or empty. With a certificate naming a device, a username
     * must name the same device and a password, when given, must be right as well: a wrong secret
     * is never ignored.
     */
    Optional<Device> login(String username, byte[] password, X509Certificate certificate) {
        Entry byCert = certificate == null ? null : byCertificate(certificate);
        if (byCert != null) {
            boolean sameName =
                    username == null || username.equals(byCert.device().username());
            boolean secretOk = password == null || secretMatches(byCert, password);
            return sameName && secretOk ? Optional.of(byCert.device()) : Optional.empty();
        }
        if (username == null || password == null) {
            return Optional.empty();
        }
        Entry e = byUsername.get(username);
        return secretMatches(e, password) && e != null ? Optional.of(e.device()) : Optional.empty();
    }

    private boolean secretMatches(Entry e, byte[] password) {
        // Digests first: MessageDigest.isEqual is constant-time only for inputs of equal length.
        return MessageDigest.isEqual(sha256(password), e == null ? decoy : e.secretDigest()) && e != null;
    }

    private Entry byCertificate(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    String cn = String.valueOf(rdn.getValue());
                    Entry e = byUsername.get(cn);
                    return e != null ? e : byId.get(cn);
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
