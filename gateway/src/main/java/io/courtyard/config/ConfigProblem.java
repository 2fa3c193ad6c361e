package io.courtyard.config;

/** One thing wrong with a configuration file, located to the character. */
public record ConfigProblem(String file, int line, int column, String field, String message) {

    /** Renders as {@code file:line:column: field: message}, the form editors and CI logs link. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (field.isEmpty() ? "" : field + ": ") + message;
    }
}
