package io.courtyard.command;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One member a command type carries beside the common ones, with what its value may be. Every
 * value is checked before the command is accepted, so a handler never sees one it must doubt.
 *
 * @param max for {@link Kind#TEXT} the longest text in characters; for {@link Kind#INTEGER} the largest value
 */
public record Arg(String name, Kind kind, boolean required, List<String> choices, long min, long max) {
    /** What a member's value is. */
    public enum Kind {
        /** A device, bus or entry id: 1-64 letters, digits, '.', '_', ':' or '-'. */
        ID,
        /** A typed reference such as {@code holder:r1} or {@code zone:main-lot}. */
        REF,
        /** One of {@link #choices()}. */
        CHOICE,
        /** Printable text (no control characters), 1 to {@link #max()} characters. */
        TEXT,
        /** An integer from {@link #min()} to {@link #max()}. */
        INTEGER
    }

    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    static final Pattern REF = Pattern.compile("[a-z]{1,16}:[A-Za-z0-9._:-]{1,64}");

    public Arg {
        choices = List.copyOf(choices);
    }

    static Arg id(String name) {
        return new Arg(name, Kind.ID, true, List.of(), 0, 0);
    }

    static Arg ref(String name) {
        return new Arg(name, Kind.REF, false, List.of(), 0, 0);
    }

    static Arg choice(String name, String... choices) {
        return new Arg(name, Kind.CHOICE, true, List.of(choices), 0, 0);
    }

    static Arg text(String name, int maxChars) {
        return new Arg(name, Kind.TEXT, true, List.of(), 1, maxChars);
    }

    static Arg integer(String name, long min, long max) {
        return new Arg(name, Kind.INTEGER, false, List.of(), min, max);
    }

    /** Null when {@code value} is allowed, else what is wrong with it, for a {@code malformed} refusal. */
    public String problem(String value) {
        return switch (kind) {
            case ID -> ID.matcher(value).matches() ? null : "an id is 1-64 letters, digits, '.', '_', ':' or '-'";
            case REF -> REF.matcher(value).matches() ? null : "expected KIND:ID such as holder:r1 or zone:main-lot";
            case CHOICE -> choices.contains(value) ? null : "expected one of " + String.join(", ", choices);
            case TEXT -> textProblem(value);
            case INTEGER -> integerProblem(value);
        };
    }

    private String textProblem(String value) {
        int n = value.codePointCount(0, value.length());
        if (n < 1 || n > max) {
            return "expected 1 to " + max + " characters, found " + n;
        }
        boolean control = value.codePoints()
                .anyMatch(c -> Character.isISOControl(c)
                        || Character.getType(c) == Character.LINE_SEPARATOR
                        || Character.getType(c) == Character.PARAGRAPH_SEPARATOR);
        return control ? "control characters are not shown on a display" : null;
    }

    private String integerProblem(String value) {
        try {
            long v = Long.parseLong(value);
            return v < min || v > max ? "expected an integer from " + min + " to " + max + ", found " + v : null;
        } catch (NumberFormatException e) {
            return "expected an integer from " + min + " to " + max;
        }
    }
}
