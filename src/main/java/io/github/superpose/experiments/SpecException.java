package io.github.superpose.experiments;

/** Bad user input (a spec, a run folder, an option): one line naming the file or field and what was expected. */
public final class SpecException extends RuntimeException {
    public SpecException(String message) {
        super(message);
    }

    public SpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
