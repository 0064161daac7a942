package io.github.superpose.bridge;

/**
 * Hears how far a long bridge job has come; the CLI prints it, tests ignore it.
 *
 * <pre>ProgressListener p = (stage, done, total) -> System.err.printf("%s %d/%d%n", stage, done, total);</pre>
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (stage, done, total) -> {};

    /** {@code done} of {@code total} units of {@code stage} ("capture", "sae", "stats") are finished. */
    void update(String stage, long done, long total);
}
