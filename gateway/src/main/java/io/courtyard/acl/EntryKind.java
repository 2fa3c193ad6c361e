package io.courtyard.acl;

/** The kinds of access-list entries: their names in messages ({@code plural}) and in the store ({@code tag}). */
public enum EntryKind {
    HOLDER("holders", "holder"),
    CREDENTIAL("credentials", "credential"),
    PASS("passes", "pass"),
    PERMIT("permits", "permit"),
    GROUP("groups", "group"),
    SCHEDULE("schedules", "schedule"),
    /** The one holiday calendar, stored under the id {@code calendar}; replaced, never removed. */
    CALENDAR("calendar", "calendar");

    private final String plural;
    private final String tag;

    EntryKind(String plural, String tag) {
        this.plural = plural;
        this.tag = tag;
    }

    public String plural() {
        return plural;
    }

    public String tag() {
        return tag;
    }

    public static EntryKind ofTag(String tag) {
        for (EntryKind k : values()) {
            if (k.tag.equals(tag)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown entry kind '" + tag + "'");
    }
}
