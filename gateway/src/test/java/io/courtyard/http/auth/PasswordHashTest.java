package io.courtyard.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** PBKDF2 password hashes and script tokens, as an attacker holding the config would try them. */
class PasswordHashTest {
    @Test
    void theRightPasswordMatchesAndAnyOtherDoesNot() {
        String h = PasswordHash.hash("correct horse".toCharArray());
        assertThat(h).startsWith("pbkdf2-sha256$600000$");
        assertThat(PasswordHash.verify("correct horse".toCharArray(), h)).isTrue();
        assertThat(PasswordHash.verify("correct hors".toCharArray(), h)).isFalse();
        assertThat(PasswordHash.verify("Correct horse".toCharArray(), h)).isFalse();
        assertThat(PasswordHash.verify(new char[0], h)).isFalse();
    }

    @Test
    void everyHashHasItsOwnSaltSoEqualPasswordsDoNotShowInTheConfig() {
        String a = PasswordHash.hash("same password".toCharArray(), 1000);
        String b = PasswordHash.hash("same password".toCharArray(), 1000);
        assertThat(a).isNotEqualTo(b);
        assertThat(PasswordHash.verify("same password".toCharArray(), a)).isTrue();
        assertThat(PasswordHash.verify("same password".toCharArray(), b)).isTrue();
    }

    @Test
    void aMalformedOrTruncatedOrForeignHashNeverMatches() {
        String h = PasswordHash.hash("pw-123456789".toCharArray(), 1000);
        char[] pw = "pw-123456789".toCharArray();
        assertThat(PasswordHash.verify(pw, h.substring(0, h.length() - 4))).isFalse();
        assertThat(PasswordHash.verify(pw, h.replace("pbkdf2-sha256", "pbkdf2-sha1")))
                .isFalse();
        assertThat(PasswordHash.verify(pw, h.replace("$1000$", "$0$"))).isFalse();
        assertThat(PasswordHash.verify(pw, "pbkdf2-sha256$1000$!!!$???")).isFalse();
        assertThat(PasswordHash.verify(pw, "")).isFalse();
        // A lower work factor written into the hash changes the result: it cannot be downgraded.
        assertThat(PasswordHash.verify(pw, h.replace("$1000$", "$999$"))).isFalse();
    }

    @Test
    void tokensAreRandomAndStoredOnlyAsTheirSha256() {
        String t = PasswordHash.newToken();
        assertThat(t).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(PasswordHash.newToken());
        assertThat(PasswordHash.tokenSha256("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
