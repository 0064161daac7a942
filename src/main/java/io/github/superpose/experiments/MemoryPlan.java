package io.github.superpose.experiments;

/**
 * The memory a run will need, estimated before anything is allocated, and refused with the
 * number when it would not fit in the JVM's heap.
 */
public final class MemoryPlan {
    private MemoryPlan() {
    }

    /** Bytes: parameters with their gradient and two optimizer moments, plus a step's activations. */
    public static long bytes(Spec s) {
        return bytes(s, s.instances());
    }

    /** As {@link #bytes(Spec)} for {@code instances} of the spec's (a shard trains only its own). */
    public static long bytes(Spec s, int instances) {
        long inst = instances;
        long params = (long) s.features() * s.hidden() * (s.model().key().equals("abs") ? 2 : 1) + s.features();
        long paramBytes = inst * params * 4L * 5;    // value, grad, m, v, best-restart copy
        long step = inst * (long) s.batch() * (3L * s.features() + 2L * s.hidden()) * 4L * 4;
        return paramBytes + step;
    }

    /** Prints the plan (unless quiet) and refuses a spec that cannot fit. */
    public static void check(Spec s, boolean quiet) {
        check(s, s.name(), quiet);
    }

    /** As {@link #check(Spec, boolean)}, naming {@code source} (the spec file) in a refusal. */
    public static void check(Spec s, String source, boolean quiet) {
        check(s, s.instances(), source, quiet);
    }

    /**
     * As {@link #check(Spec, String, boolean)} for a shard training {@code instances} of the spec's:
     * each array task of a cluster job needs only its share.
     */
    public static void check(Spec s, int instances, String source, boolean quiet) {
        long need = bytes(s, instances);
        long max = Runtime.getRuntime().maxMemory();
        if (need > max) {
            throw new SpecException(source + ": needs about " + mib(need) + " MiB but the JVM heap is " + mib(max)
                    + " MiB (shrink batch, features or instances, or raise -Xmx through JAVA_OPTS)");
        }
        if (!quiet) {
            String of = instances == s.instances() ? "" : " of " + s.instances();
            System.err.printf("%s: %d%s instances of %s %d→%d, %d steps × batch %d, planned memory %d MiB of %d MiB%n",
                    s.name(), instances, of, s.model().key(), s.features(), s.hidden(), s.steps(), s.batch(),
                    mib(need), mib(max));
        }
    }

    static long mib(long b) {
        return (b + (1 << 20) - 1) >> 20;
    }
}
