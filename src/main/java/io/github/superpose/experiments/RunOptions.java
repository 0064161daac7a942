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

    /**
     * The spec after overrides: what actually runs and what config.json records. Overrides obey
     * the spec's own rules, so every run can be resumed and re-plotted from its folder.
     */
    public Spec apply(Spec spec) {
        if (spec.finite() && "tape".equals(engine)) {
            throw new SpecException("--engine: finite data (data.kind = \"dataset\") trains only on its sparse kernel,"
                    + " not on the tape");
        }
        if (spec.finite() && !"java".equals(backend)) {
            throw new SpecException("--backend: finite data (data.kind = \"dataset\") runs on the java backend only");
        }
        Spec s = spec;
        if (steps > 0) {
            if (steps > SpecParser.MAX_STEPS) {
                throw new SpecException(
                        "--steps: expected an integer in [1, " + SpecParser.MAX_STEPS + "], got " + steps);
            }
            if (steps < spec.warmup()) {
                throw new SpecException("--steps: " + steps + " is fewer than the spec's schedule.warmup ("
                        + spec.warmup() + " steps)");
            }
            s = s.withSteps(steps);
        }
        if (seed != null) {
            s = s.withSeed(seed);
        }
        // the same rules the file passed, read back from the config.json form
        return s == spec ? s : SpecParser.check(s, "--steps/--seed applied to " + spec.name());
    }
}
