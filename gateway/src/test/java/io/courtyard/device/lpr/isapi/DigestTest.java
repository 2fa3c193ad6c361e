package io.courtyard.device.lpr.isapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** RFC 7616's own example (§3.9.1) for MD5 and SHA-256, and what an attacker would try. */
class DigestTest {
    private static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    private static final String OPAQUE = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";

    @Test
    void theRfcExampleGivesTheRfcResponseForMd5AndSha256() {
        for (String[] alg : new String[][] {
            {"MD5", "8ca523f5e9506fed4657c9700eebdbec"},
            {"SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"}
        }) {
            Digest.Challenge c =
                    Digest.Challenge.parse("Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\","
                            + " algorithm=" + alg[0] + ", nonce=\"" + NONCE + "\", opaque=\"" + OPAQUE + "\"");
            Digest.Credentials cr = Digest.answer(c, "Mufasa", "Circle of Life", "GET", "/dir/index.html", 1, CNONCE);

            assertThat(cr.response()).as(alg[0]).isEqualTo(alg[1]);
            assertThat(cr.nc()).isEqualTo("00000001");
            Digest.Credentials back = Digest.Credentials.parse(cr.header());
            assertThat(back).isEqualTo(cr);
            assertThat(back.verify("Circle of Life", "GET")).isTrue();
        }
    }

    @Test
    void aWrongPasswordAnotherMethodOrAnAlteredUriDoNotVerify() {
        Digest.Challenge c = Digest.Challenge.parse("Digest realm=\"r\", nonce=\"n\", qop=\"auth\", algorithm=MD5");
        Digest.Credentials cr =
                Digest.answer(c, "admin", "right", "PUT", "/ISAPI/Parking/channels/1/barrierGate", 1, "c");

        assertThat(cr.verify("wrong", "PUT")).isFalse();
        assertThat(cr.verify("right", "GET")).isFalse();
        Digest.Credentials altered = new Digest.Credentials(
                cr.username(),
                cr.realm(),
                cr.nonce(),
                "/ISAPI/Parking/channels/2/barrierGate",
                cr.algorithm(),
                cr.qop(),
                cr.nc(),
                cr.cnonce(),
                cr.response(),
                cr.opaque());
        assertThat(altered.verify("right", "PUT")).isFalse();
    }

    @Test
    void quotedValuesKeepTheirCommasAndEscapesAndBrokenHeadersAreRefused() {
        Digest.Challenge c = Digest.Challenge.parse("Digest realm=\"a, \\\"b\\\"\", nonce=\"x\", stale=TRUE");
        assertThat(c.realm()).isEqualTo("a, \"b\"");
        assertThat(c.stale()).isTrue();
        assertThat(c.qop()).isNull();
        assertThatThrownBy(() -> Digest.Challenge.parse("Basic realm=\"x\""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Digest.Challenge.parse("Digest realm=\"x, nonce=\"y\""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Digest.Challenge.parse("Digest realm=\"x\", nonce=\"y\", algorithm=SHA-512-256"))
                .hasMessageContaining("not supported");
        assertThatThrownBy(() -> Digest.Credentials.parse("Digest username=\"a\", realm=\"r\", nonce=\"n\""))
                .hasMessageContaining("uri");
    }
}
