package io.github.superpose.experiments;

/**
 * Command-line overrides and environment of a run.
 *
 * @param steps   overrides the spec's steps when > 0
 * @param seed    overrides the spec's seed when non-null
 * @param backend "java" or "nd4j"
 * @param engine  "auto" (fused kernel where it applies, else the tape) or "tape"
 */
public record RunOptions(int steps, Long seed, String backend, int threads, String engine, boolean quick) {
    public static RunOptions defaults() {
        return new RunOptions(0, null, "java", Runtime.getRuntime().availableProcessors(), "auto", false);
    }

    /** The spec after overrides: what actually runs and what config.json records. */
    public Spec apply(Spec spec) {
        Spec s = spec;
        if (steps > 0) {
            s = s.withSteps(steps);
        }
        if (seed != null) {
            s = s.withSeed(seed);
        }
        return s;
    }
}
