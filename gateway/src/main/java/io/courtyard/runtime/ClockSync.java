package io.courtyard.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether the system clock is synchronised (NTP), as the operating system knows it. Asks, in
 * order, {@code timedatectl} (the kernel's own flag, whatever NTP client sets it: timesyncd,
 * chrony, ntpd), then {@code chronyc}, then systemd-timesyncd's marker file; the first that can
 * answer decides. When none can (a container, a box without systemd), the state is {@code UNKNOWN}
 * rather than a guess.
 */
public final class ClockSync {
    public enum State {
        SYNCHRONISED,
        UNSYNCHRONISED,
        UNKNOWN
    }

    /** The answer, which tool gave it, and in words. */
    public record Status(State state, String source, String detail) {}

    /** One way to ask; empty when it cannot tell (tool missing, no D-Bus, daemon not running). */
    @FunctionalInterface
    public interface Source {
        Optional<Status> ask();
    }

    private final List<Source> sources;

    public ClockSync(List<Source> sources) {
        this.sources = List.copyOf(sources);
    }

    /** The sources of a Debian box. */
    public static ClockSync system() {
        return new ClockSync(List.of(
                timedatectl(Path.of("/usr/bin/timedatectl")),
                chronyc(Path.of("/usr/bin/chronyc")),
                timesyncdMarker(Path.of("/run/systemd/timesync/synchronized"))));
    }

    public Status check() {
        for (Source s : sources) {
            Optional<Status> st = s.ask();
            if (st.isPresent()) {
                return st.get();
            }
        }
        return new Status(State.UNKNOWN, "none", "neither timedatectl, chronyc nor systemd-timesyncd could tell");
    }

    /** {@code timedatectl show}: {@code NTPSynchronized} is the kernel's flag, {@code NTP} whether a client runs. */
    public static Source timedatectl(Path tool) {
        return () -> run(tool, "show", "-p", "NTPSynchronized", "-p", "NTP").flatMap(out -> {
            String synced = property(out, "NTPSynchronized");
            String client = property(out, "NTP");
            if ("yes".equals(synced)) {
                return Optional.of(new Status(State.SYNCHRONISED, "timedatectl", "NTPSynchronized=yes"));
            }
            if ("no".equals(synced)) {
                return Optional.of(new Status(
                        State.UNSYNCHRONISED,
                        "timedatectl",
                        "NTPSynchronized=no" + ("no".equals(client) ? ", and no NTP client is enabled" : "")));
            }
            return Optional.empty();
        });
    }

    /** {@code chronyc tracking}: "Leap status : Normal" once chronyd has synchronised. */
    public static Source chronyc(Path tool) {
        return () -> run(tool, "-n", "tracking").flatMap(out -> {
            String leap = out.lines()
                    .filter(l -> l.startsWith("Leap status"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse(null);
            if (leap == null) {
                return Optional.empty();
            }
            return Optional.of(new Status(
                    leap.toLowerCase(Locale.ROOT).startsWith("not synchronised")
                            ? State.UNSYNCHRONISED
                            : State.SYNCHRONISED,
                    "chronyc",
                    "leap status " + leap));
        });
    }

    /** systemd-timesyncd creates this file once it has synchronised; its absence proves nothing. */
    public static Source timesyncdMarker(Path file) {
        return () -> Files.exists(file)
                ? Optional.of(new Status(State.SYNCHRONISED, "systemd-timesyncd", file + " exists"))
                : Optional.empty();
    }

    private static String property(String out, String name) {
        return out.lines()
                .filter(l -> l.startsWith(name + "="))
                .map(l -> l.substring(name.length() + 1).strip())
                .findFirst()
                .orElse(null);
    }

    /** The tool's standard output when it exits 0 within 5 s; empty otherwise. */
    private static Optional<String> run(Path tool, String... args) {
        if (!Files.isExecutable(tool)) {
            return Optional.empty();
        }
        List<String> cmd = new java.util.ArrayList<>(List.of(tool.toString()));
        cmd.addAll(List.of(args));
        try {
            ProcessBuilder b = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
            // The tool is not ours to vouch for to systemd.
            b.environment().remove("NOTIFY_SOCKET");
            b.environment().put("LC_ALL", "C");
            Process p = b.start();
            p.getOutputStream().close();
            // Wait first, read after: the answers are a few lines, well inside a pipe's buffer, and a
            // tool stuck on D-Bus must not hold this thread beyond its 5 s.
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            byte[] out = p.getInputStream().readNBytes(64 * 1024);
            return p.exitValue() == 0 ? Optional.of(new String(out, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
