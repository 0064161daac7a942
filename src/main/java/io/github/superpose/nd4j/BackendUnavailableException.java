package io.github.superpose.nd4j;

/**
 * Thrown by {@link Nd4jBackend#create} when ND4J or its native library cannot be loaded. The
 * message is one line: what is missing and how to get it (or how to run without it).
 */
public final class BackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
