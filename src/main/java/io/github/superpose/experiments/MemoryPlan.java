package io.github.superpose.experiments;

import io.github.superpose.sim.FiniteDataset;
import io.github.superpose.sim.Trainer;

/**
 * The memory a run will need, estimated before anything is allocated, and refused with the
 * number when it would not fit in the JVM's heap. Every array whose size grows with the spec is
 * planned: parameters and optimizer state, a step's and an evaluation chunk's activations, the
 * learning-rate table, the Gram matrices of the measures, the loss log and dynamics records with
 * their checkpoint copies, and the heatmap figures. The run contract (docs/architecture.md)
 * promises a refusal up front rather than an OutOfMemoryError after hours of training.
 *
 * <pre>MemoryPlan.check(spec, "q1.toml"); System.err.println(MemoryPlan.describe(spec));</pre>
 */
public final class MemoryPlan {
    /** Bytes a record row costs on the heap: a double[] object plus the list's reference. */
    private static final long ROW_OVERHEAD = 16 + 8;
    /** Evaluation draws its fixed batch in chunks of this many samples (see Trainer). */
    private static final long EVAL_CHUNK = 1024;

    private MemoryPlan() {}

    /**
     * Bytes the run of {@code s} needs at its peak, all parts summed (an upper estimate). Summed in
     * double, since the product of the largest legal sizes overflows a long.
     */
    public static long bytes(Spec s) {
        return bytes(s, s.instances());
    }

    /** As {@link #bytes(Spec)} for {@code instances} of the spec's (a shard trains only its own). */
    public static long bytes(Spec s, int instances) {
        if (s.finite()) {
            return finiteBytes(s, instances);
        }
        double inst = instances;
        double n = s.features();
        double m = s.hidden();
        // the chunking of restarts is decided from the whole sweep, as the trainer does
        int side = Trainer.restartsPerChunk(
                s.instances(), s.features(), s.hidden(), Experiment.trainConfigOf(s, RunOptions.defaults()));
        double wide = inst * side;
        double params = n * m * (s.model().key().equals("abs") ? 2 : 1) + n;
        // value, grad, two moments and a copy per trained model; the kept best, checkpoint and results copies
        double paramBytes = wide * params * 4 * 5 + inst * params * 4 * 3;
        double step = wide * s.batch() * (3 * n + 2 * m) * 4 * 4;
        double eval = wide * Math.min(EVAL_CHUNK, s.evalBatch()) * (6 * n + 3 * m) * 4;
        double schedule = 8.0 * s.steps();
        double gram = 2 * 8 * n * n; // measures hold up to two n×n Gram matrices
        double logRows = s.restarts() * inst * (s.steps() / s.logEvery() + 2);
        double log = logRows * (ROW_OVERHEAD + 4 * 8 * 4); // the rows, plus flat, npy and zip copies
        double dynRows = s.hookEvery() == 0 ? 0 : s.restarts() * inst * n * (s.steps() / s.hookEvery() + 2);
        double dynamics = dynRows * (ROW_OVERHEAD + 6 * 8 * 4);
        double figures = s.figures().isEmpty() ? 0 : 4.0 * 4 * Math.min(inst, Figures.MAX_PANELS) * n * n;
        double total = paramBytes + step + eval + schedule + gram + log + dynamics + figures;
        return total >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE / 2 : (long) total;
    }

    /**
     * Finite data: the sparse training and test sets (a point holds about n·density active
     * features, at 8 bytes each plus its row offset), a sorted index per instance and a gradient
     * buffer per chunk of points, no n × n Gram matrix (dimensionalities use the m × m form).
     * Instances are counted at the largest T, as a shard may hold any of them.
     */
    private static long finiteBytes(Spec s, int instances) {
        double n = s.features();
        double m = s.hidden();
        double maxDensity = 0;
        for (double d : s.densities()) {
            maxDensity = Math.max(maxDensity, d);
        }
        double perPoint = 8 * (n * maxDensity + 4 * Math.sqrt(n * maxDensity) + 1) + 4;
        double points = 0;
        double chunks = 0;
        // a shard may hold any of the instances: count the largest training sets
        int[] all = new int[s.instances()];
        java.util.Arrays.setAll(all, s::trainPointsOf);
        java.util.Arrays.sort(all);
        for (int k = 0; k < instances; k++) {
            double t = all[all.length - 1 - k];
            points += t;
            chunks += Math.ceil(Math.min(t, s.batch()) / (double) FiniteDataset.CHUNK_POINTS);
        }
        double sets = (points * 2 + instances * (double) s.evalBatch()) * perPoint;
        double params = instances * (n * m + n) * 4 * 8;
        double grads = chunks * (n * m + n) * 4 + instances * n * 24;
        double measures = points * (m + 2) * 8 * 2;
        double logRows = instances * (s.steps() / s.logEvery() + 2);
        double log = logRows * (ROW_OVERHEAD + 4 * 8 * 4);
        double dynRows = s.hookEvery() == 0 ? 0 : instances * n * (s.steps() / s.hookEvery() + 2);
        double dynamics = dynRows * (ROW_OVERHEAD + 6 * 8 * 4);
        double total = sets + params + grads + measures + log + dynamics + 8.0 * s.steps();
        return total >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE / 2 : (long) total;
    }

    /** Refuses a spec that cannot fit in this JVM's heap, naming {@code source} (the spec file). */
    public static void check(Spec s, String source) {
        check(s, s.instances(), source);
    }

    /**
     * As {@link #check(Spec, String)} for a shard training {@code instances} of the spec's: each
     * array task of a cluster job needs only its share.
     */
    public static void check(Spec s, int instances, String source) {
        long need = bytes(s, instances);
        long max = Runtime.getRuntime().maxMemory();
        if (need > max) {
            throw new SpecException(source + ": needs about " + mib(need) + " MiB but the JVM heap is " + mib(max)
                    + " MiB (shrink batch, features, steps/log_every or instances, or raise the heap: "
                    + "JAVA_OPTS=-Xmx" + suggestedGib(need) + "g)");
        }
    }

    /** One line for stderr: what trains, and the planned memory. */
    public static String describe(Spec s) {
        return describe(s, s.instances());
    }

    /** As {@link #describe(Spec)} for a shard training {@code instances} of the spec's. */
    public static String describe(Spec s, int instances) {
        String of = instances == s.instances() ? "" : " of " + s.instances();
        return String.format(
                "%s: %d%s instances of %s %d→%d, %d steps × batch %d, planned memory %d MiB of %d MiB",
                s.name(),
                instances,
                of,
                s.model().key(),
                s.features(),
                s.hidden(),
                s.steps(),
                s.batch(),
                mib(bytes(s, instances)),
                mib(Runtime.getRuntime().maxMemory()));
    }

    /** A heap in GiB with room for the JVM itself: 1.5 × the plan, at least 1. */
    public static long suggestedGib(long bytes) {
        return Math.max(1, (bytes * 3 / 2 + (1L << 30) - 1) >> 30);
    }

    static long mib(long b) {
        return (b + (1 << 20) - 1) >> 20;
    }
}
