package io.github.superpose.sim.fast;

import io.github.superpose.core.Rng;
import java.util.Arrays;
import java.util.Locale;

/**
 * The paper-notebook job on the fused path, for side-by-side timing with bench/tms_torch.py.
 * Prints one JSON line: steps_per_s (training loop only), total_s, represented features per
 * instance (‖W_i‖ > 0.5) and final loss per instance.
 *
 * <pre>java -cp ... io.github.superpose.sim.fast.FusedBenchmark --n 20 --m 5 \
 *     --densities 1,0.3,0.1,0.03,0.01,0.003,0.001 --importance-base 0.7 --steps 10000 --threads 2</pre>
 */
public final class FusedBenchmark {
    private FusedBenchmark() {}

    public static void main(String[] args) {
        long start = System.nanoTime();
        int n = 20;
        int m = 5;
        float[] densities = {1f, 0.3f, 0.1f, 0.03f, 0.01f, 0.003f, 0.001f};
        double importanceBase = 0.7;
        int steps = 10_000;
        int threads = 2;
        int batch = 1024;
        long seed = 0;
        boolean relu = true;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--n" -> n = Integer.parseInt(v);
                case "--m" -> m = Integer.parseInt(v);
                case "--densities" -> densities = parseFloats(v);
                case "--importance-base" -> importanceBase = Double.parseDouble(v);
                case "--steps" -> steps = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--linear" -> {
                    relu = false;
                    i--;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        int inst = densities.length;
        float[] density = new float[inst * n];
        for (int i = 0; i < inst; i++) {
            Arrays.fill(density, i * n, (i + 1) * n, densities[i]);
        }
        float[] importance = new float[n];
        for (int f = 0; f < n; f++) {
            importance[f] = (float) Math.pow(importanceBase, f);
        }
        float[] W0 = xavierNormal(inst, n, m, seed);
        FusedJob job = new FusedJob(
                inst,
                n,
                m,
                relu,
                density,
                importance,
                steps,
                batch,
                t -> 1e-3,
                OptimizerKind.ADAMW,
                0.9f,
                0.999f,
                1e-8f,
                0.01f,
                seed,
                threads,
                0,
                0);
        long t0 = System.nanoTime();
        FusedResult r = FusedTrainer.train(job, W0, new float[inst * n], null);
        double trainS = (System.nanoTime() - t0) * 1e-9;
        double totalS = (System.nanoTime() - start) * 1e-9;
        System.out.println(json(r, inst, n, m, steps, trainS, totalS, threads));
    }

    /** Xavier normal as PyTorch computes it on a [I, n, m] tensor: std √(2/(m(n + I))). */
    static float[] xavierNormal(int inst, int n, int m, long seed) {
        double std = Math.sqrt(2.0 / ((double) m * (n + inst)));
        float[] W = new float[inst * n * m];
        for (int i = 0; i < inst; i++) {
            // a stream separate from instance i's data stream
            Rng rng = Rng.forStream(seed, i, 1);
            for (int k = 0; k < n * m; k++) {
                W[i * n * m + k] = (float) (std * rng.nextGaussian());
            }
        }
        return W;
    }

    private static String json(
            FusedResult r, int inst, int n, int m, int steps, double trainS, double totalS, int threads) {
        StringBuilder rep = new StringBuilder();
        StringBuilder loss = new StringBuilder();
        for (int i = 0; i < inst; i++) {
            int count = 0;
            for (int f = 0; f < n; f++) {
                double s = 0;
                for (int j = 0; j < m; j++) {
                    double w = r.W()[(i * n + f) * m + j];
                    s += w * w;
                }
                count += Math.sqrt(s) > 0.5 ? 1 : 0;
            }
            rep.append(i == 0 ? "" : ", ").append(count);
            loss.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g", r.finalLoss()[i]));
        }
        return String.format(
                Locale.ROOT,
                "{\"impl\": \"java-fused\", \"n\": %d, \"m\": %d, \"instances\": %d, \"steps\": %d, "
                        + "\"threads\": %d, \"steps_per_s\": %.2f, \"train_s\": %.3f, \"total_s\": %.3f, "
                        + "\"represented\": [%s], \"final_loss\": [%s], \"simd\": \"%s\"}",
                n,
                m,
                inst,
                steps,
                threads,
                steps / trainS,
                trainS,
                totalS,
                rep,
                loss,
                io.github.superpose.core.Simd.describe());
    }

    private static float[] parseFloats(String csv) {
        String[] parts = csv.split(",");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Float.parseFloat(parts[i].trim());
        }
        return out;
    }
}
