package io.courtyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.courtyard.access.PinHash;
import io.courtyard.acl.Keys;
import io.courtyard.config.JournalConfig;
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.config.PinKey;
import io.courtyard.config.PublicKeys;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.event.EventKind;
import io.courtyard.testsupport.ProjectFiles;
import io.courtyard.testsupport.SampleEvents;
import io.courtyard.testsupport.TestJournal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code courtyard keys} and {@code courtyard acl}, run in-process with captured output. */
@Timeout(60)
class AclCliTest {
    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = Main.commandLine(CliTest.NO_GATEWAY);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private String demo() {
        return ProjectFiles.config("demo.yaml").toString();
    }

    private String state() {
        return dir.resolve("state").toString();
    }

    @Test
    void keysGenerateWritesAPrivateKeyOnlyItsOwnerCanReadAndRefusesToOverwrite() throws Exception {
        assertEquals(
                ExitCodes.OK, run("keys", "generate", "--out", dir.toString(), "--name", "platform"), err::toString);

        Path priv = dir.resolve("platform.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
        String pub = PublicKeys.base64(Keys.readPublic(dir.resolve("platform.pub")));
        assertTrue(out.toString().contains("    publicKey: " + pub), out::toString);
        Keys.readPrivate(priv);

        assertEquals(ExitCodes.FAILURE, run("keys", "generate", "--out", dir.toString(), "--name", "platform"));
        assertTrue(err.toString().contains("refusing to overwrite a key"), err::toString);
    }

    /** The shipped example is signed with the demo key and imports into the demo configuration. */
    @Test
    void theShippedExampleBundleImportsIntoTheDemoConfiguration() {
        String example = ProjectFiles.config("acl-example.json").toString();

        assertEquals(
                ExitCodes.OK, run("acl", "import", example, "--config", demo(), "--state-dir", state()), err::toString);
        assertTrue(out.toString().contains("applied snapshot v1 (+30)"), out::toString);
        assertEquals(ExitCodes.OK, run("acl", "import", example, "--config", demo(), "--state-dir", state()));
        assertTrue(out.toString().contains("version 1 is already applied"), out::toString);

        assertEquals(ExitCodes.OK, run("acl", "show", "--config", demo(), "--state-dir", state()), err::toString);
        assertTrue(out.toString().contains("version:   1\n"), out::toString);
        assertTrue(
                out.toString()
                        .contains("entries:   {holders=7, credentials=8, passes=2, permits=3, groups=6, schedules=3,"
                                + " holidays=7}"),
                out::toString);
    }

    @Test
    void showLooksCredentialsUpButNeverPrintsThemInFull() {
        importExample();

        assertEquals(
                ExitCodes.OK,
                run(
                        "acl",
                        "show",
                        "--config",
                        demo(),
                        "--state-dir",
                        state(),
                        "--credential",
                        "card:h10301/12/1001",
                        "--credential",
                        "plate:京AD12345",
                        "--credential",
                        "card:h10301/12/123456789"));

        String o = out.toString();
        assertTrue(o.contains("card:h10301/****: credential c-r1a (active"), o);
        assertTrue(o.contains("holder h-1-1-702-a (resident, active, household 1-1-702"), o);
        assertTrue(o.contains("plate:京A****45: vehicle permit p-3-1-301"), o);
        assertTrue(o.contains("card:h10301/****6789: not in the access list"), o);
        assertFalse(o.contains("1001") || o.contains("京AD12345") || o.contains("123456789"), o);
    }

    @Test
    void explainGivesTheDecisionTheReasonAndTheRule() {
        importExample();

        assertEquals(ExitCodes.OK, explain("card:h10301/12/1001", "elevator-1-1", "2026-03-02T10:00"), err::toString);
        assertTrue(out.toString().contains("decision:   GRANT"), out::toString);
        assertTrue(out.toString().contains("rule:       group residents-1-1 (always)"), out::toString);
        assertTrue(
                out.toString().contains("would:      enable floors [1, 7] (outputs [0, 6]) for 10 s"), out::toString);

        assertEquals(ExitCodes.OK, explain("card:h10301/12/2001", "north-gate", "2026-03-02T07:30"));
        assertTrue(out.toString().contains("reason:     outside-schedule"), out::toString);
        assertTrue(
                out.toString()
                        .contains("north-gate is in group property-office (schedule office-hours), but none is open at"
                                + " 2026-03-02T07:30 (monday [08:00-12:00, 13:00-18:00])"),
                out::toString);

        assertEquals(ExitCodes.OK, explain("card:h10301/12/1099", "north-gate", "2026-03-02T01:00:00Z"));
        assertTrue(out.toString().contains("reason:     lost"), out::toString);
        assertTrue(
                out.toString()
                        .contains("credential: card:h10301/**** at north-gate, 2026-03-02T01:00:00Z"
                                + " (2026-03-02T09:00)"),
                out::toString);
    }

    @Test
    void explainActuatesNothingAndUsesNothingUp() throws Exception {
        importExample();

        for (int i = 0; i < 2; i++) {
            assertEquals(ExitCodes.OK, explain("code:483920", "north-gate", "2026-03-02T10:00"));
            assertTrue(out.toString().contains("decision:   GRANT"), "the single-use pass is still unused: " + out);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state/courtyard.db"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM events WHERE kind = 'access'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "explain journals no decision");
        }
    }

    @Test
    void explainRefusesATimeItCannotRead() {
        importExample();

        assertEquals(ExitCodes.USAGE, explain("card:h10301/12/1001", "north-gate", "tomorrow"));
        assertTrue(
                err.toString().contains("--at: expected 2026-03-02T02:00:00Z or 2026-03-02T10:00, found tomorrow"),
                err::toString);
        assertEquals(ExitCodes.USAGE, explain("badge:1", "north-gate", "2026-03-02T10:00"));
    }

    @Test
    void signThenImportRoundTripsAndATamperedBundleIsRefused() throws Exception {
        assertEquals(
                ExitCodes.OK,
                run("keys", "generate", "--out", dir.resolve("keys").toString()));
        String key = PublicKeys.base64(Keys.readPublic(dir.resolve("keys/acl.pub")));
        Path config = ProjectFiles.write(
                dir.resolve("courtyard.yaml"),
                ProjectFiles.read(ProjectFiles.config("demo.yaml"))
                        .replaceFirst("publicKey: \\S+", "publicKey: " + key)
                        .replace("dir: ../.demo-state", "dir: state"));
        Path payload = ProjectFiles.write(
                dir.resolve("v5.json"),
                """
                {"type": "snapshot", "site": "demo-court", "version": 5,
                 "entries": {"holders": [{"id": "h1", "kind": "staff", "groups": []}]}}
                """);

        assertEquals(
                ExitCodes.OK,
                run(
                        "acl",
                        "sign",
                        "--key",
                        dir.resolve("keys/acl.key").toString(),
                        "-o",
                        dir.resolve("v5.bundle").toString(),
                        payload.toString()),
                err::toString);
        assertTrue(out.toString().contains("signed snapshot v5 (+1) for site demo-court"), out::toString);
        String bundle = Files.readString(dir.resolve("v5.bundle"), StandardCharsets.UTF_8);
        Path tampered = ProjectFiles.write(dir.resolve("tampered.bundle"), bundle.replace("\"staff\"", "\"resident\""));

        assertEquals(ExitCodes.FAILURE, run("acl", "import", tampered.toString(), "--config", config.toString()));
        assertTrue(err.toString().contains("refused (bad-signature)"), err::toString);
        assertTrue(err.toString().contains("version 0 stays in force"), err::toString);

        assertEquals(
                ExitCodes.OK,
                run("acl", "import", dir.resolve("v5.bundle").toString(), "--config", config.toString()),
                err::toString);
        assertEquals(ExitCodes.OK, run("acl", "show", "--config", config.toString()));
        assertTrue(out.toString().contains("version:   5\n"), out::toString);
    }

    @Test
    void signRefusesAPayloadThatIsNoAccessList() throws Exception {
        assertEquals(ExitCodes.OK, run("keys", "generate", "--out", dir.toString()));
        Path payload = ProjectFiles.write(
                dir.resolve("bad.json"), "{\"type\": \"snapshot\", \"site\": \"x\", \"version\": 0}");

        assertEquals(
                ExitCodes.USAGE,
                run("acl", "sign", "--key", dir.resolve("acl.key").toString(), payload.toString()));
        assertTrue(err.toString().contains("payload.version: expected an integer from 1"), err::toString);
    }

    @Test
    void importWithoutAKeyInTheConfigurationExitsTwo() {
        Path config = ProjectFiles.write(
                dir.resolve("nokey.yaml"),
                ProjectFiles.read(ProjectFiles.config("demo.yaml")).replaceFirst("(?m)^acl:\\n(  .*\\n)*", ""));

        assertEquals(
                ExitCodes.USAGE,
                run(
                        "acl",
                        "import",
                        ProjectFiles.config("acl-example.json").toString(),
                        "--config",
                        config.toString(),
                        "--state-dir",
                        state()));
        assertTrue(err.toString().contains("acl.publicKey (or acl.publicKeyFile) is not configured"), err::toString);
    }

    @Test
    void showWithoutADatabaseSaysSo() {
        assertEquals(ExitCodes.FAILURE, run("acl", "show", "--config", demo(), "--state-dir", state()));
        assertTrue(err.toString().contains("no database; has the gateway run"), err::toString);
        assertFalse(Files.exists(dir.resolve("state/courtyard.db")), "show creates nothing");
    }

    @Test
    void everyAclAndKeysSubcommandAnswersHelpAndAMissingOneIsAUsageMistake() {
        for (String[] c : new String[][] {
            {"keys", "generate"},
            {"keys", "pin-key"},
            {"acl", "sign"},
            {"acl", "import"},
            {"acl", "show"},
            {"acl", "explain"},
            {"acl", "pin-hash"}
        }) {
            assertEquals(ExitCodes.OK, run(c[0], c[1], "--help"), c[0] + " " + c[1]);
            assertTrue(out.toString().contains("Usage: courtyard " + c[0] + " " + c[1] + " "), out::toString);
        }
        assertEquals(ExitCodes.USAGE, run("acl"));
        assertTrue(
                err.toString().contains("a subcommand is required: sign, import, show, explain or pin-hash"),
                err::toString);
        assertEquals(ExitCodes.USAGE, run("keys"));
    }

    @Test
    void anOfflineImportDeletesNoEventTheGatewaysSinksHaveNotForwarded() throws Exception {
        // The gateway's journal: an uplink that never acknowledged anything (so no saved cursor) and
        // the access-state projection that acknowledged everything; ten decisions past retention.
        JournalConfig tight =
                new JournalConfig(Synchronous.NORMAL, 2000, Duration.ofMillis(2), 64L << 20, Duration.ofHours(1));
        Instant old = Instant.now().minus(Duration.ofDays(100));
        try (TestJournal j = TestJournal.open(dir.resolve("state"), tight, "mqtt", "access-state")) {
            for (int i = 0; i < 10; i++) {
                j.journal()
                        .append(new EventDraft("north-gate", old, old, SampleEvents.of(EventKind.ACCESS)))
                        .get();
            }
            j.source("access-state").ack(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
            j.append(EventKind.DEVICE, "gateway");
        }
        assertEquals(
                List.of("access-state"), query("SELECT sink FROM sink_cursor"), "only the projection saved a cursor");

        importExample();

        // The import journals its own event; it deletes nothing, whatever retention the config says.
        assertEquals(12, query("SELECT seq FROM events").size());
        assertEquals(10, query("SELECT seq FROM events WHERE kind = 'access'").size());
    }

    @Test
    void keysPinKeyWritesAKeyOnlyItsOwnerCanReadThatAclPinHashUses() throws Exception {
        Path key = dir.resolve("secrets/pin-key");
        assertEquals(ExitCodes.OK, run("keys", "pin-key", "--out", key.toString()), err::toString);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        PinKey k = PinKey.parse(Files.readString(key, StandardCharsets.US_ASCII));
        assertTrue(out.toString().contains("key id " + k.id()), out::toString);
        assertFalse(
                out.toString()
                        .contains(
                                Files.readString(key, StandardCharsets.US_ASCII).strip()),
                "never printed");
        assertEquals(ExitCodes.FAILURE, run("keys", "pin-key", "--out", key.toString()));
        assertTrue(err.toString().contains("refusing to overwrite a key"), err::toString);

        assertEquals(
                ExitCodes.OK,
                run("acl", "pin-hash", "s-wang", "--pin-key", key.toString(), "--pin=2468"),
                err::toString);
        assertEquals(PinHash.keyed(k, "s-wang", "2468"), out.toString().strip());
        assertEquals(ExitCodes.USAGE, run("acl", "pin-hash", "s-wang", "--pin-key", key.toString(), "--pin=24a8"));
        assertTrue(err.toString().contains("a PIN is 4 to 12 digits"), err::toString);
    }

    @Test
    void signWithThePinKeyRefusesPinsItWouldNotAccept() throws Exception {
        assertEquals(ExitCodes.OK, run("keys", "generate", "--out", dir.toString()));
        Path key = dir.resolve("pin-key");
        assertEquals(ExitCodes.OK, run("keys", "pin-key", "--out", key.toString()));
        String unkeyed = PinHash.unkeyed("h1", "1234");
        Path payload = ProjectFiles.write(
                dir.resolve("v1.json"),
                """
                {"type": "snapshot", "site": "demo-court", "version": 1,
                 "entries": {"holders": [{"id": "h1", "kind": "staff", "groups": [], "pinHash": "%s"}]}}
                """
                        .formatted(unkeyed));

        assertEquals(
                ExitCodes.USAGE,
                run(
                        "acl",
                        "sign",
                        "--key",
                        dir.resolve("acl.key").toString(),
                        "--pin-key",
                        key.toString(),
                        payload.toString()));
        assertTrue(err.toString().contains("unkeyed PIN hashes"), err::toString);
    }

    @Test
    void showSaysHowThePinsAreKept() {
        importExample();
        assertEquals(ExitCodes.OK, run("acl", "show", "--config", demo(), "--state-dir", state()));
        assertTrue(
                out.toString().contains("pins:      1 keyed with 3d550d14eefc19c8 (this gateway's key)"),
                out::toString);
    }

    /** The first column of every row, as text, from the state database. */
    private List<String> query(String sql) throws Exception {
        List<String> rows = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state/courtyard.db"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private void importExample() {
        assertEquals(
                ExitCodes.OK,
                run(
                        "acl",
                        "import",
                        ProjectFiles.config("acl-example.json").toString(),
                        "--config",
                        demo(),
                        "--state-dir",
                        state()),
                err::toString);
    }

    private int explain(String credential, String device, String at) {
        return run(
                "acl",
                "explain",
                "--config",
                demo(),
                "--state-dir",
                state(),
                "--credential",
                credential,
                "--device",
                device,
                "--at",
                at);
    }
}
