package io.github.superpose.bridge;

import io.github.superpose.core.InputException;

/**
 * Bad user input to the bridge: a missing, malformed or inconsistent file or option. The message
 * is one line naming the file (or option) and the problem, fit to print as is: an {@link InputException},
 * the project's one input-error type (the CLI exits 2).
 *
 * <pre>throw new BridgeInputException(path, "acts must be [N, d] or [batch, pos, d], got [5]");</pre>
 */
public final class BridgeInputException extends InputException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String problem;

    public BridgeInputException(Object source, String problem) {
        this(source, problem, null);
    }

    public BridgeInputException(Object source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = String.valueOf(source);
        this.problem = problem;
    }

    /** The file or option at fault. */
    public String source() {
        return source;
    }

    public String problem() {
        return problem;
    }
}
