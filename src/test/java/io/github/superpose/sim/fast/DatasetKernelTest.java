package io.github.superpose.sim.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.Rng;
import org.junit.jupiter.api.Test;

/**
 * The sparse finite-data kernel against a dense double-precision reference of the same loss
 * (every point × every feature), on seeded random models whose biases and weights cover every
 * case the pruning distinguishes: positive biases, zero biases, zero weight rows, weights in
 * every direction; and the reference's gradient against central finite differences.
 */
class DatasetKernelTest {

    /** Dense loss Σ_t Σ_j I_j (ReLU(w_j·h_t + b_j) − x_tj)² and its gradients, in double. */
    static double dense(SparsePoints pts, float[] w, float[] b, float[] imp, int n, int m, double[] gw, double[] gb) {
        double loss = 0;
        float[] x = new float[n];
        for (int t = 0; t < pts.size(); t++) {
            pts.dense(t, t + 1, x);
            double[] h = new double[m];
            for (int j = 0; j < n; j++) {
                for (int d = 0; d < m; d++) {
                    h[d] += x[j] * w[j * m + d];
                }
            }
            double[] gh = new double[m];
            for (int j = 0; j < n; j++) {
                double pre = b[j];
                for (int d = 0; d < m; d++) {
                    pre += w[j * m + d] * h[d];
                }
                double y = Math.max(pre, 0);
                loss += imp[j] * (y - x[j]) * (y - x[j]);
                if (pre > 0 && gw != null) {
                    double g = 2 * imp[j] * (y - x[j]);
                    gb[j] += g;
                    for (int d = 0; d < m; d++) {
                        gw[j * m + d] += g * h[d];
                        gh[d] += g * w[j * m + d];
                    }
                }
            }
            if (gw != null) {
                for (int j = 0; j < n; j++) {
                    for (int d = 0; d < m; d++) {
                        gw[j * m + d] += x[j] * gh[d];
                    }
                }
            }
        }
        return loss;
    }

    /** A model with every case the pruning must get right. */
    static float[][] model(Rng r, int n, int m) {
        float[] w = new float[n * m];
        float[] b = new float[n];
        for (int j = 0; j < n; j++) {
            int kind = r.nextInt(6);
            for (int d = 0; d < m; d++) {
                w[j * m + d] = kind == 0 ? 0f : (float) (r.nextGaussian() * (kind == 1 ? 0.05 : 1.0));
            }
            b[j] = kind == 2 ? 0f : kind == 3 ? (float) (0.2 * r.nextDouble()) : (float) (-r.nextDouble());
        }
        return new float[][] {w, b};
    }

    @Test
    void sparseKernelMatchesTheDenseLossAndGradients() {
        Rng r = Rng.forStream(42, 0);
        for (int trial = 0; trial < 24; trial++) {
            int n = 20 + r.nextInt(200);
            int m = 1 + trial % 4;
            float density = 0.02f + 0.2f * r.nextFloat();
            SparsePoints pts =
                    SparsePoints.draw(Rng.forStream(7, trial), 1 + r.nextInt(300), n, density, trial % 3 != 0);
            float[][] wb = model(r, n, m);
            float[] imp = new float[n];
            for (int j = 0; j < n; j++) {
                imp[j] = 0.5f + r.nextFloat();
            }
            SectorIndex idx = new SectorIndex(n, m);
            idx.build(wb[0], 0, wb[1], 0, imp, 0);
            double[] gw = new double[n * m];
            double[] gb = new double[n];
            double[] mom = new double[DatasetKernel.momentSize(m)];
            double sparse = new DatasetKernel(n, m)
                    .accumulate(pts, 0, pts.size(), wb[0], 0, wb[1], 0, imp, 0, idx, 2f, gw, gb, mom);
            sparse += DatasetKernel.linear(idx, n, m, wb[0], 0, wb[1], 0, imp, 0, mom, 2f, gw, gb);
            double[] dgw = new double[n * m];
            double[] dgb = new double[n];
            double ref = dense(pts, wb[0], wb[1], imp, n, m, dgw, dgb);
            assertEquals(ref, sparse, 1e-5 * Math.max(1, ref), "loss, trial " + trial);
            double scale = 1e-4 * Math.max(1, max(dgw));
            for (int k = 0; k < gw.length; k++) {
                assertEquals(dgw[k], gw[k], scale, "dW[" + k + "], trial " + trial);
            }
            for (int j = 0; j < n; j++) {
                assertEquals(dgb[j], gb[j], 1e-4 * Math.max(1, max(dgb)), "db[" + j + "], trial " + trial);
            }
        }
    }

    @Test
    void bruteForceKernelMatchesTheDenseLossAndGradients() {
        Rng r = Rng.forStream(43, 0);
        for (int trial = 0; trial < 24; trial++) {
            int n = 20 + r.nextInt(200);
            int m = 1 + trial % 4;
            float density = 0.02f + 0.2f * r.nextFloat();
            SparsePoints pts =
                    SparsePoints.draw(Rng.forStream(8, trial), 1 + r.nextInt(300), n, density, trial % 3 != 0);
            float[][] wb = model(r, n, m);
            float[] imp = new float[n];
            for (int j = 0; j < n; j++) {
                imp[j] = 0.5f + r.nextFloat();
            }
            double[] gw = new double[n * m];
            double[] gb = new double[n];
            double brute = new BruteKernel(n, m).accumulate(pts, 0, pts.size(), wb[0], wb[1], imp, 0, 2f, gw, gb);
            double[] dgw = new double[n * m];
            double[] dgb = new double[n];
            double ref = dense(pts, wb[0], wb[1], imp, n, m, dgw, dgb);
            assertEquals(ref, brute, 1e-5 * Math.max(1, ref), "loss, trial " + trial);
            for (int k = 0; k < gw.length; k++) {
                assertEquals(dgw[k], gw[k], 1e-4 * Math.max(1, max(dgw)), "dW[" + k + "], trial " + trial);
            }
            for (int j = 0; j < n; j++) {
                assertEquals(dgb[j], gb[j], 1e-4 * Math.max(1, max(dgb)), "db[" + j + "], trial " + trial);
            }
        }
    }

    @Test
    void bruteForceAndPrunedTrainingAgree() {
        int n = 400;
        SparsePoints[] train = {
            SparsePoints.draw(Rng.forStream(6, 0), 5, n, 0.01f, true),
            SparsePoints.draw(Rng.forStream(6, 1), 300, n, 0.01f, true)
        };
        // a few steps agree to rounding; Adam amplifies rounding later, so long runs agree in loss only
        DatasetJob few = job(train, n, 2, 3, 1);
        FusedResult a = DatasetTrainer.train(few, start(few), 0, new FusedListener() {}, 0);
        FusedResult b = DatasetTrainer.train(few, start(few), 0, new FusedListener() {}, Long.MAX_VALUE);
        for (int k = 0; k < a.W().length; k++) {
            assertEquals(a.W()[k], b.W()[k], 1e-5, "W[" + k + "]");
        }
        DatasetJob job = job(train, n, 2, 200, 1);
        FusedResult pruned = DatasetTrainer.train(job, start(job), 0, new FusedListener() {}, 0);
        FusedResult brute = DatasetTrainer.train(job, start(job), 0, new FusedListener() {}, Long.MAX_VALUE);
        for (int i = 0; i < 2; i++) {
            assertEquals(pruned.finalLoss()[i], brute.finalLoss()[i], 0.02 * pruned.finalLoss()[i], "loss " + i);
        }
    }

    @Test
    void denseReferenceGradientMatchesFiniteDifferences() {
        Rng r = Rng.forStream(3, 1);
        int n = 30;
        int m = 2;
        SparsePoints pts = SparsePoints.draw(Rng.forStream(3, 2), 40, n, 0.15f, true);
        float[][] wb = model(r, n, m);
        float[] imp = new float[n];
        java.util.Arrays.fill(imp, 1f);
        double[] gw = new double[n * m];
        double[] gb = new double[n];
        dense(pts, wb[0], wb[1], imp, n, m, gw, gb);
        double eps = 1e-3;
        for (int k = 0; k < n * m; k += 7) {
            float keep = wb[0][k];
            wb[0][k] = (float) (keep + eps);
            double up = dense(pts, wb[0], wb[1], imp, n, m, null, null);
            wb[0][k] = (float) (keep - eps);
            double down = dense(pts, wb[0], wb[1], imp, n, m, null, null);
            wb[0][k] = keep;
            assertEquals((up - down) / (2 * eps), gw[k], 2e-3 * Math.max(1, Math.abs(gw[k])), "dW[" + k + "]");
        }
        for (int j = 0; j < n; j += 3) {
            float keep = wb[1][j];
            wb[1][j] = (float) (keep + eps);
            double up = dense(pts, wb[0], wb[1], imp, n, m, null, null);
            wb[1][j] = (float) (keep - eps);
            double down = dense(pts, wb[0], wb[1], imp, n, m, null, null);
            wb[1][j] = keep;
            assertEquals((up - down) / (2 * eps), gb[j], 2e-3 * Math.max(1, Math.abs(gb[j])), "db[" + j + "]");
        }
    }

    @Test
    void trainedModelsStillMatchTheDenseLoss() {
        // after training, biases are negative and weights spread: the state the pruning skips most in
        int n = 400;
        for (int m : new int[] {2, 3}) {
            SparsePoints[] train = {
                SparsePoints.draw(Rng.forStream(5, 0), 6, n, 0.01f, true),
                SparsePoints.draw(Rng.forStream(5, 1), 500, n, 0.01f, true)
            };
            DatasetJob job = job(train, n, m, 600, 1);
            FusedResult res = DatasetTrainer.train(job, start(job), 0, new FusedListener() {});
            for (int i = 0; i < 2; i++) {
                float[] w = java.util.Arrays.copyOfRange(res.W(), i * n * m, (i + 1) * n * m);
                float[] b = java.util.Arrays.copyOfRange(res.b(), i * n, (i + 1) * n);
                float[] imp = new float[n];
                java.util.Arrays.fill(imp, 1f);
                double ref = dense(train[i], w, b, imp, n, m, null, null) / ((double) train[i].size() * n);
                assertEquals(ref, res.finalLoss()[i], 1e-5 * ref + 1e-12, "instance " + i + ", m = " + m);
                assertTrue(res.finalLoss()[i] > 0);
            }
        }
    }

    @Test
    void resultsAreIdenticalAtAnyThreadCountAndAfterResuming() {
        // brute force (the default at this size) and the pruned walk
        // 20,000 points span several tasks (three hand-offs a step); 500 fit one (a single hand-off)
        for (int big : new int[] {20000, 500}) {
            identicalAtAnyThreadCount(big, Long.MAX_VALUE);
            identicalAtAnyThreadCount(big, 0);
        }
    }

    private static void identicalAtAnyThreadCount(int big, long brutePairs) {
        int n = 300;
        SparsePoints[] train = {
            SparsePoints.draw(Rng.forStream(9, 0), big, n, 0.02f, true),
            SparsePoints.draw(Rng.forStream(9, 1), 30, n, 0.02f, true),
            SparsePoints.draw(Rng.forStream(9, 2), 7, n, 0.02f, true)
        };
        DatasetJob one = job(train, n, 2, 40, 1);
        FusedResult a = DatasetTrainer.train(one, start(one), 0, new FusedListener() {}, brutePairs);
        DatasetJob two = job(train, n, 2, 40, 2);
        FusedState[] mid = new FusedState[1];
        FusedResult b = DatasetTrainer.train(
                two,
                start(two),
                15,
                new FusedListener() {
                    @Override
                    public void onCheckpoint(FusedState s) {
                        if (mid[0] == null) {
                            mid[0] = s;
                        }
                    }
                },
                brutePairs);
        assertArrayEquals(a.W(), b.W());
        assertArrayEquals(a.b(), b.b());
        FusedResult c = DatasetTrainer.train(two, mid[0], 0, new FusedListener() {}, brutePairs);
        assertEquals(15, mid[0].step());
        assertArrayEquals(a.W(), c.W());
        assertArrayEquals(a.b(), c.b());
    }

    static DatasetJob job(SparsePoints[] train, int n, int m, int steps, int threads) {
        return new DatasetJob(
                train.length,
                n,
                m,
                train,
                ones(n),
                steps,
                1 << 20,
                t -> 1e-2,
                OptimizerKind.ADAMW,
                0.9f,
                0.999f,
                1e-8f,
                1e-2f,
                threads,
                10,
                0);
    }

    static FusedState start(DatasetJob job) {
        int n = job.features();
        int m = job.hidden();
        float[] w = new float[job.instances() * n * m];
        Rng r = Rng.forStream(1, 1);
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) (0.1 * r.nextGaussian());
        }
        long[] rng = new long[2 * job.instances()];
        for (int i = 0; i < job.instances(); i++) {
            long[] s = Rng.forStream(2, i).state();
            rng[2 * i] = s[0];
            rng[2 * i + 1] = s[1];
        }
        return new FusedState(0, w, new float[job.instances() * n], null, rng, new float[job.instances()]);
    }

    static float[] ones(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        return a;
    }

    static double max(double[] a) {
        double s = 0;
        for (double v : a) {
            s = Math.max(s, Math.abs(v));
        }
        return s;
    }
}
