package io.courtyard.acl;

/**
 * Makes text from unauthenticated messages safe for a log line: refusal details echo what a
 * sender wrote (key ids, sites, values), and a CR/LF in them would forge log lines.
 */
final class LogText {
    static final int MAX = 200;

    private LogText() {}

    static String safe(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX) + 1);
        for (int i = 0; i < text.length() && sb.length() < MAX; i++) {
            char c = text.charAt(i);
            sb.append(
                    Character.isISOControl(c)
                                    || Character.getType(c) == Character.LINE_SEPARATOR
                                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR
                            ? '?'
                            : c);
        }
        return text.length() > MAX ? sb.append('…').toString() : sb.toString();
    }
}
