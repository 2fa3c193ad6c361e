package io.courtyard.billing;

import io.courtyard.journal.event.BillIssued;
import io.courtyard.journal.event.EventCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The statement hash: SHA-256, in lowercase hex, of the canonical statement, which is the bill's body
 * as the journal stores it with the {@code hash} member left out (members in declared order, no
 * whitespace, absent values left out). {@code courtyard bill --canonical} prints it, so {@code
 * sha256sum} can check the hash without this program.
 */
public final class StatementHash {
    private StatementHash() {}

    public static String canonical(BillIssued bill) {
        return EventCodec.stored(bill.unsigned());
    }

    public static String of(BillIssued bill) {
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256").digest(canonical(bill).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Whether the bill's hash is the hash of its own content. */
    public static boolean verifies(BillIssued bill) {
        return bill.hash() != null && bill.hash().equals(of(bill));
    }
}
