package io.github.superpose.sim.fast;

/**
 * Features drawn in pairs before the independent ones (pairs occupy features 2k, 2k+1):
 * a correlated pair shares one presence draw (both members active or neither, values
 * independent); an anticorrelated pair has at most one member active, the pair being active
 * with probability {@code pairScale}·p and then either member with equal chance.
 *
 * @param pairScale 1 for the paper's convention (each member p/2), 2 for ARENA's (each member p)
 */
public record FeatureSets(int correlatedPairs, int anticorrelatedPairs, float pairScale) {
    public FeatureSets {
        if (correlatedPairs < 0 || anticorrelatedPairs < 0 || !(pairScale > 0f)) {
            throw new IllegalArgumentException("pairs must be >= 0 and pairScale > 0");
        }
    }

    /** Features that belong to a pair. */
    int pairedFeatures() {
        return 2 * (correlatedPairs + anticorrelatedPairs);
    }
}
