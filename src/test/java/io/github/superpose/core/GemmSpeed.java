package io.github.superpose.core;

import java.util.Random;

/**
 * {@link Gemm}'s speed on MiniLM's four product shapes (rows × k × n, 512 rows as the encoder's
 * stacked batches), GFLOP/s on one thread and on a pool, best of R runs. Not a test: a tool for
 * tuning the micro-kernel.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp target/test-classes:target/classes io.github.superpose.core.GemmSpeed [R] [THREADS]</pre>
 */
public final class GemmSpeed {
    private static final int[][] SHAPES = {{512, 384, 1152}, {512, 384, 384}, {512, 384, 1536}, {512, 1536, 384}};

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        System.out.println(Simd.describe());
        Random rnd = new Random(1);
        try (WorkerPool pool = WorkerPool.forThreads(threads, "gemm-speed")) {
            for (int[] s : SHAPES) {
                int rows = s[0];
                int k = s[1];
                int n = s[2];
                float[] a = new float[rows * k];
                float[] b = new float[k * n];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) rnd.nextGaussian();
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) rnd.nextGaussian();
                }
                float[] bias = new float[n];
                float[] c = new float[rows * n];
                Gemm.Packed p = Gemm.pack(b, k, n);
                double flop = 2.0 * rows * k * n;
                double one = 0;
                double two = 0;
                for (int r = 0; r < reps; r++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < 10; i++) {
                        Gemm.multiply(a, k, rows, p, c, n, bias, false, null);
                    }
                    one = Math.max(one, 10 * flop / (System.nanoTime() - t0));
                    t0 = System.nanoTime();
                    for (int i = 0; i < 10; i++) {
                        Gemm.multiply(a, k, rows, p, c, n, bias, false, pool);
                    }
                    two = Math.max(two, 10 * flop / (System.nanoTime() - t0));
                }
                System.out.printf(
                        "%4d x %4d x %4d: 1 thread %6.1f GFLOP/s, %d threads %6.1f GFLOP/s%n",
                        rows, k, n, one, threads, two);
            }
        }
    }
}
