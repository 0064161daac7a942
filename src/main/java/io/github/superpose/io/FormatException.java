package io.github.superpose.io;

import io.github.superpose.core.InputException;

/**
 * A file does not follow the format it claims to be in.
 *
 * <p>The message is always one line, {@code "<file>: <problem>"}, so a user sees which file is bad
 * and what was expected without reading a stack trace.
 *
 * <p>It is an {@link InputException}, the project's one input-error type (the CLI exits 2).
 *
 * <p>Usage: {@code throw new FormatException(path.toString(), "expected magic \\x93NUMPY");}
 */
public final class FormatException extends InputException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String problem;

    /** Creates an exception for {@code source} (a file name or path) describing {@code problem}. */
    public FormatException(String source, String problem) {
        this(source, problem, null);
    }

    /** As {@link #FormatException(String, String)}, keeping the low-level cause for debugging. */
    public FormatException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.problem = problem;
    }

    /** The file (or stream name) that was being read. */
    public String source() {
        return source;
    }

    /** What was wrong, without the file name. */
    public String problem() {
        return problem;
    }
}
