package io.github.superpose.experiments;

import io.github.superpose.core.InputException;

/**
 * Bad user input (a spec, a run folder, an option): one line naming the file or field and what was expected.
 * An {@link InputException}, the project's one input-error type.
 */
public final class SpecException extends InputException {
    private static final long serialVersionUID = 1L;

    public SpecException(String message) {
        super(message);
    }

    public SpecException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * {@code s} with control, format (e.g. right-to-left override) and line-separator characters
     * escaped as \\uXXXX, cut at {@code max} characters: a file name or value a user typed can
     * never break the one-line message or drive a terminal.
     */
    public static String printable(String s, int max) {
        StringBuilder b = new StringBuilder();
        int shown = Math.min(s.length(), max);
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            int type = Character.getType(c);
            if (Character.isISOControl(c)
                    || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR
                    || c == '\\') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append(s.length() > shown ? "... (" + s.length() + " characters)" : "")
                .toString();
    }
}
