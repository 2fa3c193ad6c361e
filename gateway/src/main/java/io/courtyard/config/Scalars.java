package io.courtyard.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Typed readers for YAML scalars; each names what it found and what it allows. */
final class Scalars {
    private Scalars() {}

    /** Reads one scalar into a typed value, or reports why it cannot and returns null. */
    interface Parser<T> {
        /** What an acceptable value looks like, for "missing; required: ..." messages. */
        String expected();

        T parse(String text);

        default T read(Node node, String field, Problems problems) {
            if (!(node instanceof ScalarNode s) || isNull(node)) {
                problems.add(node, field, "expected " + expected() + ", found " + describe(node));
                return null;
            }
            T value;
            try {
                value = parse(s.getValue());
            } catch (RuntimeException e) {
                value = null;
            }
            if (value == null) {
                problems.add(node, field, "expected " + expected() + ", found " + describe(node));
            }
            return value;
        }
    }

    static boolean isNull(Node n) {
        return n instanceof ScalarNode && n.getTag().equals(Tag.NULL);
    }

    /** A short, human description of a node: its text and kind. */
    static String describe(Node n) {
        if (n == null) {
            return "nothing";
        }
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) n;
        String kind =
                switch (s.getTag().getValue().replace("tag:yaml.org,2002:", "")) {
                    case "int" -> "integer";
                    case "float" -> "number";
                    case "bool" -> "boolean";
                    case "null" -> "empty value";
                    default -> "text";
                };
        return isNull(n) ? "an empty value" : "'" + s.getValue() + "' (" + kind + ")";
    }

    static Parser<String> text(String expected, Pattern pattern) {
        return parser(expected, t -> pattern.matcher(t).matches() ? t : null);
    }

    static final Parser<String> ANY_TEXT = parser("text", t -> t.isBlank() ? null : t);

    static Parser<Long> integer(long min, long max) {
        return parser("an integer from " + min + " to " + max, t -> {
            long v = Long.parseLong(t.strip());
            return v >= min && v <= max ? v : null;
        });
    }

    static Parser<Integer> intRange(int min, int max) {
        Parser<Long> p = integer(min, max);
        return parser(p.expected(), t -> {
            Long v = p.parse(t);
            return v == null ? null : v.intValue();
        });
    }

    static final Parser<Integer> PORT = intRange(1, 65535);

    static Parser<Double> decimal(double min, double max) {
        return parser("a number from " + min + " to " + max, t -> {
            double v = Double.parseDouble(t.strip());
            return v >= min && v <= max ? v : null;
        });
    }

    static final Parser<Boolean> BOOL = parser("true or false", t -> switch (t) {
        case "true" -> Boolean.TRUE;
        case "false" -> Boolean.FALSE;
        default -> null;
    });

    static <E extends Enum<E>> Parser<E> enumeration(Class<E> type) {
        String allowed = Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", "));
        return parser("one of " + allowed, t -> {
            for (E e : type.getEnumConstants()) {
                if (e.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(t)) {
                    return e;
                }
            }
            return null;
        });
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    /** Durations are written with a unit so that "3000" never means three different things. */
    static Parser<Duration> duration(Duration min, Duration max) {
        return parser("a duration with unit ms, s, m, h or d from " + human(min) + " to " + human(max), t -> {
            Matcher m = DURATION.matcher(t.strip());
            if (!m.matches()) {
                return null;
            }
            long n = Long.parseLong(m.group(1));
            Duration d =
                    switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    };
            return d.compareTo(min) >= 0 && d.compareTo(max) <= 0 ? d : null;
        });
    }

    private static final Pattern BYTES = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB|TiB)");

    static Parser<Long> bytes(long min, long max) {
        return parser("a size with unit B, KiB, MiB, GiB or TiB from " + min + " to " + max + " bytes", t -> {
            Matcher m = BYTES.matcher(t.strip());
            if (!m.matches()) {
                return null;
            }
            int shift =
                    switch (m.group(2)) {
                        case "B" -> 0;
                        case "KiB" -> 10;
                        case "MiB" -> 20;
                        case "GiB" -> 30;
                        default -> 40;
                    };
            long n = Long.parseLong(m.group(1));
            // A plain shift would wrap: 16777217TiB must not come out as 1 TiB.
            if (n > Long.MAX_VALUE >> shift) {
                return null;
            }
            long v = n << shift;
            return v >= min && v <= max ? v : null;
        });
    }

    static final Parser<Path> PATH = parser("a file system path", t -> t.isBlank() ? null : Path.of(t));

    static final Parser<ZoneId> ZONE = parser("an IANA time zone such as Asia/Shanghai", ZoneId::of);

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:-]{1,253}");

    static final Parser<String> HOSTNAME =
            parser("a host name or IP address", t -> HOST.matcher(t).matches() ? t : null);

    static final Pattern ID_PATTERN = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /** Identifiers end up in MQTT topics and URLs, so they are restricted to a safe alphabet. */
    static final Parser<String> ID =
            text("an identifier of lowercase letters, digits and '-' (1-63 chars)", ID_PATTERN);

    static String human(Duration d) {
        if (d.isZero()) {
            return "0ms";
        }
        if (d.toMillis() % 86_400_000 == 0) {
            return d.toDays() + "d";
        }
        if (d.toMillis() % 3_600_000 == 0) {
            return d.toHours() + "h";
        }
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }

    static <T> Parser<T> parser(String expected, java.util.function.Function<String, T> parse) {
        return new Parser<>() {
            @Override
            public String expected() {
                return expected;
            }

            @Override
            public T parse(String text) {
                return parse.apply(text);
            }
        };
    }
}
