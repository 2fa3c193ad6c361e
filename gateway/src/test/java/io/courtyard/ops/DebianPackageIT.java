package io.courtyard.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.courtyard.testsupport.Shell;
import io.courtyard.testsupport.Shell.Result;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package on this machine's own dpkg: install, upgrade to a second build (with and
 * without a changed default configuration), purge. Runs where root is (CI); skipped otherwise, and
 * skipped where a real Courtyard installation lives, which a test must never touch. The
 * maintainer scripts never enable or start the service, and outside a running systemd they make
 * no systemctl call at all; the test checks that nothing runs or is enabled afterwards, and leaves
 * the machine as it found it (state directory and service user removed when it made them).
 */
@Timeout(600)
class DebianPackageIT {
    private static final Path STATE = Path.of("/var/lib/courtyard");
    private static final Path ETC = Path.of("/etc/courtyard");
    private static final Path JAR = Path.of("/opt/courtyard/courtyard-gateway.jar");
    private static final Path CONFIG = ETC.resolve("courtyard.yaml");
    private static final String UNIT = "courtyard-gateway.service";
    /** Two suites on one machine take turns: dpkg has one database. */
    private static final Path TURN = Path.of("/tmp/courtyard-debian-package-it.lock");

    @TempDir
    Path dir;

    @Test
    void installsUpgradesKeepingTheOperatorsConfigurationAndPurgesToTheStateDirectory() throws Exception {
        assumeTrue(Shell.isRoot(), "DebianPackageIT needs root to run dpkg (CI runs as root); skipped");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg")), "DebianPackageIT needs dpkg (Debian); skipped");
        Path deb = builtPackage();
        try (FileChannel turn = FileChannel.open(TURN, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = awaitTurn(turn)) {
            assumeTrue(!installed(), "the courtyard package is installed on this machine; a test never touches it");
            for (Path p : List.of(ETC, STATE, JAR.getParent())) {
                assumeTrue(!Files.exists(p), p + " exists: a Courtyard installation lives here; skipped");
            }
            boolean userBefore = run("getent", "passwd", "courtyard").exit() == 0;
            try {
                installThenUpgradeThenPurge(deb);
            } finally {
                if (installed()) {
                    run("dpkg", "--purge", "courtyard");
                }
                deleteTree(STATE);
                if (!userBefore && run("getent", "passwd", "courtyard").exit() == 0) {
                    run("userdel", "courtyard");
                    run("groupdel", "courtyard");
                }
            }
        }
    }

    private void installThenUpgradeThenPurge(Path deb) throws Exception {
        dpkg("-i", deb.toString());
        assertThat(status()).isEqualTo("install ok installed");
        assertThat(JAR).isRegularFile();
        assertThat(Path.of("/lib/systemd/system", UNIT)).isRegularFile();
        assertThat(Path.of("/usr/lib/sysusers.d/courtyard.conf")).isRegularFile();
        assertThat(run("getent", "passwd", "courtyard").out()).contains(":/var/lib/courtyard:");
        assertMode(CONFIG, "rw-r-----", "root", "courtyard");
        assertMode(ETC.resolve("secrets"), "rwxr-x---", "root", "courtyard");
        assertMode(STATE, "rwx------", "courtyard", "courtyard");
        assertThat(run("dpkg-query", "-W", "-f=${Conffiles}", "courtyard").out())
                .contains(CONFIG.toString());
        assertNothingRunsOrIsEnabled();

        Result version = run("/usr/bin/courtyard", "version");
        assertThat(version.exit()).as(version::out).isZero();
        assertThat(version.out()).startsWith("courtyard ");
        // The service user reads the configuration (the secrets it names are not there yet: exit 2).
        Result check = run("runuser", "-u", "courtyard", "--", "/usr/bin/courtyard", "check-config", CONFIG.toString());
        assertThat(check.exit()).as(check::out).isEqualTo(2);
        assertThat(check.out())
                .contains(CONFIG + ":")
                .contains("cannot read /etc/courtyard/secrets/")
                .doesNotContain(CONFIG + ":1:1");

        // The operator configures the box; the gateway has written state.
        Files.writeString(CONFIG, "# edited by the operator\n", StandardOpenOption.APPEND);
        Path secret = Files.writeString(ETC.resolve("secrets/mqtt-password"), "s3cret\n");
        Path db = Files.writeString(STATE.resolve("courtyard.db"), "state\n");

        // A second build of the same release: the edited configuration stays, silently.
        dpkg("-i", rebuild(deb, "+upgrade1", false).toString());
        assertThat(version()).isEqualTo("0.1.0~SNAPSHOT+upgrade1");
        assertThat(Files.readString(CONFIG)).endsWith("# edited by the operator\n");
        assertThat(Files.readString(JAR.resolveSibling("README.md"))).endsWith("rebuilt +upgrade1\n");
        assertMode(CONFIG, "rw-r-----", "root", "courtyard");
        assertThat(ETC).isDirectoryNotContaining(p -> p.getFileName().toString().contains(".dpkg-"));

        // A build whose default configuration changed: the operator's stays, the new one lies beside it.
        dpkg("-i", "--force-confold", rebuild(deb, "+upgrade2", true).toString());
        assertThat(version()).isEqualTo("0.1.0~SNAPSHOT+upgrade2");
        assertThat(Files.readString(CONFIG)).endsWith("# edited by the operator\n");
        assertThat(ETC.resolve("courtyard.yaml.dpkg-dist")).isRegularFile();
        assertThat(secret).hasContent("s3cret");
        assertThat(db).hasContent("state");
        assertNothingRunsOrIsEnabled();

        dpkg("--purge", "courtyard");
        assertThat(installed()).isFalse();
        for (Path gone : List.of(
                JAR.getParent(),
                ETC,
                Path.of("/usr/bin/courtyard"),
                Path.of("/lib/systemd/system", UNIT),
                Path.of("/usr/lib/sysusers.d/courtyard.conf"))) {
            assertThat(gone).as("purged").doesNotExist();
        }
        assertThat(run("dpkg-statoverride", "--list").out()).doesNotContain("/etc/courtyard");
        assertThat(db)
                .as("the state directory stays, as Debian packages keep state")
                .hasContent("state");
    }

    private Path builtPackage() throws IOException {
        Path target = Path.of(System.getProperty("courtyard.buildDirectory", "gateway/target"));
        try (Stream<Path> s = Files.list(target)) {
            List<Path> debs = s.filter(p -> p.getFileName().toString().matches("courtyard_.*_all\\.deb"))
                    .toList();
            assertThat(debs).as("the package built by mvn package in " + target).hasSize(1);
            return debs.get(0);
        }
    }

    /**
     * The package again under a higher version ({@code dpkg-deb -R}, then {@code -b}): its README
     * changes, and with {@code newDefaults} its default configuration too.
     */
    private Path rebuild(Path deb, String suffix, boolean newDefaults) throws Exception {
        Path root = dir.resolve("pkg" + suffix);
        expectOk(run("dpkg-deb", "-R", deb.toString(), root.toString()));
        Path control = root.resolve("DEBIAN/control");
        Files.writeString(
                control, Files.readString(control).replaceFirst("(?m)^Version: (.*)$", "Version: $1" + suffix));
        List<Path> changed = new ArrayList<>(List.of(root.resolve("opt/courtyard/README.md")));
        Files.writeString(changed.get(0), "rebuilt " + suffix + "\n", StandardOpenOption.APPEND);
        if (newDefaults) {
            changed.add(root.resolve("etc/courtyard/courtyard.yaml"));
            Files.writeString(changed.get(1), "# a new default\n", StandardOpenOption.APPEND);
        }
        Path sums = root.resolve("DEBIAN/md5sums");
        String text = Files.readString(sums);
        for (Path f : changed) {
            String rel = root.relativize(f).toString();
            text = text.replaceFirst(
                    "(?m)^[0-9a-f]{32}  " + java.util.regex.Pattern.quote(rel) + "$", md5(f) + "  " + rel);
        }
        Files.writeString(sums, text);
        Path out = dir.resolve("courtyard" + suffix + ".deb");
        expectOk(run("dpkg-deb", "--root-owner-group", "-Zgzip", "-b", root.toString(), out.toString()));
        return out;
    }

    private void assertNothingRunsOrIsEnabled() throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            List<Path> gateways = procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> cmdline(p).contains(JAR.toString()))
                    .toList();
            assertThat(gateways).as("no gateway process started by the package").isEmpty();
        }
        try (Stream<Path> links = Files.walk(Path.of("/etc/systemd/system"))) {
            assertThat(links.filter(p -> p.getFileName().toString().equals(UNIT))
                            .toList())
                    .as("the service is not enabled")
                    .isEmpty();
        }
    }

    private static String cmdline(Path proc) {
        try {
            return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return ""; // the process ended meanwhile
        }
    }

    private static void assertMode(Path p, String perms, String owner, String group) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertThat(PosixFilePermissions.toString(a.permissions()))
                .as(p + " mode")
                .isEqualTo(perms);
        assertThat(a.owner().getName()).as(p + " owner").isEqualTo(owner);
        assertThat(a.group().getName()).as(p + " group").isEqualTo(group);
    }

    private boolean installed() throws Exception {
        String s = status(); // "install ok installed", "deinstall ok config-files" (removed, not purged)...
        return !s.isEmpty() && !s.endsWith("not-installed");
    }

    private String status() throws Exception {
        Result r = run("dpkg-query", "-W", "-f=${Status}", "courtyard");
        return r.exit() == 0 ? r.out().strip() : "";
    }

    private String version() throws Exception {
        return run("dpkg-query", "-W", "-f=${Version}", "courtyard").out().strip();
    }

    /** dpkg, waiting for its lock when apt or another test holds it. */
    private void dpkg(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("dpkg"));
        cmd.addAll(List.of(args));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        Result r;
        while ((r = run(cmd.toArray(String[]::new))).exit() != 0
                && r.out().contains("locked by another process")
                && System.nanoTime() < deadline) {
            TimeUnit.SECONDS.sleep(2);
        }
        expectOk(r);
    }

    private static FileLock awaitTurn(FileChannel turn) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
        while (true) {
            FileLock lock = turn.tryLock();
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("another DebianPackageIT held " + TURN + " for 8 minutes");
            }
            TimeUnit.SECONDS.sleep(1);
        }
    }

    private static Result run(String... cmd) {
        return Shell.run(Map.of("DEBIAN_FRONTEND", "noninteractive"), cmd);
    }

    private static void expectOk(Result r) {
        assertThat(r.exit()).as(r::out).isZero();
    }

    private static String md5(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(f)));
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
