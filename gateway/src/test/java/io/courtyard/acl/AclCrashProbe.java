package io.courtyard.acl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.store.Database;
import io.courtyard.testsupport.AclBundles;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;

/**
 * Run by {@link AclCrashIT} as its own process: applies full snapshots of alternating content to
 * the store as fast as it can, printing {@code BEGIN v} before and {@code APPLIED v} after each
 * commit, until it is killed.
 */
public final class AclCrashProbe {
    static final int CREDENTIALS = 20_000;

    private AclCrashProbe() {}

    /** A snapshot whose every credential id names its version, so a mixed list would show. */
    static ObjectNode snapshot(AclBundles platform, long version) {
        ObjectNode p = platform.snapshot(version);
        AclBundles.add(p, "holders", AclBundles.holder("h", "staff", null));
        for (int i = 0; i < CREDENTIALS; i++) {
            AclBundles.add(
                    p,
                    "credentials",
                    AclBundles.credential("v" + version + "-" + i, "h", "card:h10301/" + (version % 200) + "/" + i));
        }
        return p;
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Database db = new Database(Path.of(args[0]), Synchronous.FULL);
        db.start();
        AclBundles platform = new AclBundles("crash-court");
        try (Connection c = db.connect()) {
            long v = AclStore.version(c);
            while (true) {
                AclMessage m = AclMessage.parse(snapshot(platform, v + 1));
                out.println("BEGIN " + (v + 1));
                AclStore.apply(c, m, v, Instant.now());
                v++;
                out.println("APPLIED " + v);
            }
        }
    }
}
