package io.courtyard.acl;

/** An access-list message or entry that does not follow the format; names the JSON path and what is wrong. */
public final class AclFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String path;

    public AclFormatException(String path, String message) {
        super(path + ": " + message);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
