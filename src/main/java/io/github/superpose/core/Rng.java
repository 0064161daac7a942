package io.github.superpose.core;

/**
 * xoroshiro128+ generator: the one random source of every instance.
 * Streams are derived from (seed, stream) through SplitMix64, so instance k's draws
 * do not depend on how many instances or threads there are.
 *
 * <pre>Rng r = Rng.forStream(seed, instance); float u = r.nextFloat();</pre>
 *
 * Not thread-safe: one instance of {@code Rng} belongs to one stream consumer.
 */
public final class Rng {
    private long s0;
    private long s1;

    private Rng(long s0, long s1) {
        this.s0 = s0;
        this.s1 = s1;
        if (this.s0 == 0 && this.s1 == 0) {
            this.s1 = 0x9E3779B97F4A7C15L;
        }
    }

    /** A generator for stream {@code stream} of {@code seed}; distinct streams are independent. */
    public static Rng forStream(long seed, long stream) {
        long z = mix64(seed ^ 0x5DEECE66DL) + 0x9E3779B97F4A7C15L * (stream + 1);
        long a = mix64(z);
        long b = mix64(z + 0x9E3779B97F4A7C15L);
        return new Rng(a, b);
    }

    /** A generator for sub-stream {@code sub} of stream {@code stream} (e.g. restart r of instance i). */
    public static Rng forStream(long seed, long stream, long sub) {
        return forStream(mix64(seed + 0x632BE59BD9B4E019L * (sub + 1)), stream);
    }

    /** SplitMix64 finaliser. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        final long a = s0;
        long b = s1;
        final long result = a + b;
        b ^= a;
        s0 = Long.rotateLeft(a, 24) ^ b ^ (b << 16);
        s1 = Long.rotateLeft(b, 37);
        return result;
    }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return (int) (((nextLong() >>> 33) * bound) >>> 31);
    }

    /** Standard normal by Box-Muller (double precision; one value per call, the pair's twin is dropped). */
    public double nextGaussian() {
        double u1;
        do {
            u1 = nextDouble();
        } while (u1 <= 0.0);
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** A copy with the same state (for checkpoints and replay). */
    public Rng copy() {
        return new Rng(s0, s1);
    }

    /** The two state words, for checkpoints. */
    public long[] state() {
        return new long[] {s0, s1};
    }

    /** The first state word; with {@link #stateWord1()} and {@link #setState}, a hot loop can run
     *  the generator on local copies (see {@link #next0}) and store them back once. */
    public long stateWord0() {
        return s0;
    }

    public long stateWord1() {
        return s1;
    }

    /** Sets both state words (never both zero: the generator keeps a non-zero state). */
    public void setState(long w0, long w1) {
        s0 = w0;
        s1 = w1;
    }

    /** The output of {@link #nextLong()} for state words (w0, w1). */
    public static long next0(long w0, long w1) {
        return w0 + w1;
    }

    /** The first state word after a step from (w0, w1); the second is {@link #step1}. */
    public static long step0(long w0, long w1) {
        long b = w1 ^ w0;
        return Long.rotateLeft(w0, 24) ^ b ^ (b << 16);
    }

    public static long step1(long w0, long w1) {
        return Long.rotateLeft(w1 ^ w0, 37);
    }

    /** Restores a generator from {@link #state()}. */
    public static Rng fromState(long[] state) {
        return new Rng(state[0], state[1]);
    }
}
