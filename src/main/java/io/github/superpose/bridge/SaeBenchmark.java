package io.github.superpose.bridge;

import io.github.superpose.core.JavaBackend;
import io.github.superpose.core.Rng;
import java.util.Locale;

/**
 * Times {@link SaeTrainer} for side-by-side comparison with bench/sae_torch.py: the same SAE on the
 * same kind of data (Gaussian rows with a few large directions, so BatchTopK has something to pick),
 * and one JSON line with samples/s over the steps after the first {@code --warmup} (JIT warm-up).
 *
 * <pre>java -cp target/classes:target/lib/* io.github.superpose.bridge.SaeBenchmark --din 1536 \
 *     --latents 3072 --k 32 --batch 1024 --steps 30 --threads 2</pre>
 */
public final class SaeBenchmark {
    private SaeBenchmark() {}

    public static void main(String[] args) {
        int din = 1536;
        int latents = 3072;
        int k = 32;
        int batch = 1024;
        int steps = 30;
        int warmup = 5;
        int threads = 2;
        String kind = "batchtopk";
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--din" -> din = Integer.parseInt(v);
                case "--latents" -> latents = Integer.parseInt(v);
                case "--k" -> k = Integer.parseInt(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--steps" -> steps = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--kind" -> kind = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        SaeConfig.Kind kd = SaeOptions.kind(kind);
        SaeConfig cfg = new SaeConfig(
                kd,
                din,
                latents,
                kd == SaeConfig.Kind.RELU ? 1.0 : 0.1,
                k,
                1e-3,
                warmup + steps,
                batch,
                0,
                0,
                20_000,
                0,
                true);
        ActivationSet data = gaussianRows(8192, din);
        long[] marks = new long[2];
        long[] nanos = new long[SaeTrainer.PHASES.length];
        long[] atFirst = new long[nanos.length];
        int first = warmup;
        int total = warmup + steps;
        long t0 = System.nanoTime();
        SaeTrainer.train(
                cfg,
                data,
                new JavaBackend(threads),
                (stage, done, all) -> {
                    if (done == first) {
                        marks[0] = System.nanoTime();
                        System.arraycopy(nanos, 0, atFirst, 0, nanos.length);
                    } else if (done == total) {
                        marks[1] = System.nanoTime();
                    }
                },
                nanos);
        double secs = (marks[1] - marks[0]) / 1e9;
        StringBuilder phases = new StringBuilder("phases (ms per step):");
        for (int q = 0; q < nanos.length; q++) {
            phases.append(String.format(
                    Locale.ROOT, " %s %.1f", SaeTrainer.PHASES[q], (nanos[q] - atFirst[q]) / 1e6 / steps));
        }
        System.out.println(phases);
        System.out.printf(
                Locale.ROOT,
                "{\"impl\": \"superpose\", \"kind\": \"%s\", \"samples_per_s\": %.1f, "
                        + "\"step_ms\": %.1f, \"total_s\": %.2f}%n",
                kind,
                (double) steps * batch / secs,
                1000 * secs / steps,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Rows N(0, 1) plus, with probability 0.05 each, one of 64 fixed directions at magnitude 10. */
    static ActivationSet gaussianRows(int rows, int d) {
        Rng rng = Rng.forStream(0, 0);
        float[][] dirs = new float[64][d];
        for (float[] v : dirs) {
            for (int i = 0; i < d; i++) {
                v[i] = (float) rng.nextGaussian() / (float) Math.sqrt(d);
            }
        }
        float[] x = new float[rows * d];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < d; i++) {
                x[r * d + i] = (float) rng.nextGaussian();
            }
            for (float[] v : dirs) {
                if (rng.nextDouble() < 0.05) {
                    for (int i = 0; i < d; i++) {
                        x[r * d + i] += 10 * v[i];
                    }
                }
            }
        }
        return ActivationSet.of(x, rows, d);
    }
}
