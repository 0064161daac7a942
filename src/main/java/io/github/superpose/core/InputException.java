package io.github.superpose.core;

/**
 * Bad user input: a spec, an option or a file that is missing, malformed or inconsistent. Every
 * input error of the project is one of these ({@code experiments.SpecException}, {@code io.FormatException},
 * {@code bridge.BridgeInputException}), so the command line has one rule for them: print the message,
 * which is one line naming the field or file and what was expected, and exit 2. Anything else that
 * escapes is an internal failure (exit 1). It lives in {@code core}, the package every other one may
 * import, and is unchecked like the rest of the project's exceptions.
 *
 * <pre>throw new InputException("spec.toml: 'steps' must be >= 1, got 0");</pre>
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(oneLine(message));
    }

    public InputException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** {@code s} with line breaks turned into spaces: parser messages can quote a file's content. */
    public static String oneLine(String s) {
        return String.valueOf(s).replace('\r', ' ').replace('\n', ' ');
    }
}
