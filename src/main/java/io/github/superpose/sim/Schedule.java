package io.github.superpose.sim;

/**
 * Learning-rate multiplier at step t of {@code steps} (t from 0), as the notebook's schedules.
 *
 * <pre>float lr = base * (float) Schedule.cosine().withWarmup(100).scale(t, steps);</pre>
 */
@FunctionalInterface
public interface Schedule {
    double scale(int step, int steps);

    static Schedule constant() {
        return (t, steps) -> 1.0;
    }

    /** 1 − t/steps. */
    static Schedule linear() {
        return (t, steps) -> 1.0 - (double) t / steps;
    }

    /** cos(π/2 · t/(steps − 1)). */
    static Schedule cosine() {
        return (t, steps) -> Math.cos(0.5 * Math.PI * t / Math.max(1, steps - 1));
    }

    /** Ramps linearly from 1/w to 1 over the first w steps, then follows this schedule. */
    default Schedule withWarmup(int warmup) {
        if (warmup <= 0) {
            return this;
        }
        return (t, steps) -> (t < warmup ? (t + 1.0) / warmup : 1.0) * scale(t, steps);
    }

    /** By spec name: constant, linear, cosine; null when unknown. */
    static Schedule named(String name) {
        switch (name) {
            case "constant":
                return constant();
            case "linear":
                return linear();
            case "cosine":
                return cosine();
            default:
                return null;
        }
    }
}
