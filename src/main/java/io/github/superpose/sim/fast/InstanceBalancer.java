package io.github.superpose.sim.fast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Splits whole instances over threads, longest first onto the least loaded thread (LPT), by
 * measured time per step in the latest segment once there is one, else by the kernel cost model. Only speed depends
 * on the split: every instance computes the same numbers wherever it runs.
 */
final class InstanceBalancer {
    private InstanceBalancer() {}

    static List<List<InstanceRun>> partition(InstanceRun[] runs, int threads) {
        List<List<InstanceRun>> groups = new ArrayList<>();
        for (int k = 0; k < threads; k++) {
            groups.add(new ArrayList<>());
        }
        double[] load = new double[threads];
        InstanceRun[] order = runs.clone();
        Arrays.sort(
                order,
                Comparator.comparingDouble(InstanceBalancer::cost).reversed().thenComparingInt(r -> r.index));
        for (InstanceRun r : order) {
            int best = 0;
            for (int k = 1; k < threads; k++) {
                if (load[k] < load[best]) {
                    best = k;
                }
            }
            groups.get(best).add(r);
            load[best] += cost(r);
        }
        return groups;
    }

    private static double cost(InstanceRun r) {
        if (r.segmentSteps > 0) {
            return (double) r.segmentNanos / r.segmentSteps;
        }
        return r.stepsDone > 0 ? (double) r.nanos / r.stepsDone : r.estimatedCost;
    }
}
