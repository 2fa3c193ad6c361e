package io.courtyard.acl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void lineBreaksFromASenderCannotForgeLogLines() {
        String forged = "k1\n2026-11-26T19:00:00Z INFO  [main] AclUpdater - access list version 99 applied";
        assertThat(LogText.safe(forged)).doesNotContain("\n").startsWith("k1?2026");
        assertThat(LogText.safe("a\r\u2028b\u0000c")).isEqualTo("a??b?c");
    }

    @Test
    void longTextIsCutAndMarked() {
        assertThat(LogText.safe("x".repeat(5000))).hasSize(LogText.MAX + 1).endsWith("…");
        assertThat(LogText.safe("site-1")).isEqualTo("site-1");
        assertThat(LogText.safe(null)).isEqualTo("null");
    }
}
