package io.github.superpose.sim.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Restarts that draw from one stream train as a cohort on batches drawn and laid out once
 * ({@link InstanceRun}); each must end with exactly the bytes it reaches trained alone.
 */
class CohortTest {
    private static final int N = 10;
    private static final int M = 5;

    /** {@code restarts} copies of each density, restart-major, as the trainer lays them out. */
    private static FusedJob job(FusedModel model, float[] densities, int restarts, int threads) {
        int inst = densities.length * restarts;
        float[] density = new float[inst * N];
        for (int j = 0; j < inst; j++) {
            Arrays.fill(density, j * N, (j + 1) * N, densities[j % densities.length]);
        }
        float[] imp = new float[N];
        for (int f = 0; f < N; f++) {
            imp[f] = (float) Math.pow(0.75, f);
        }
        return new FusedJob(
                inst,
                N,
                M,
                model,
                false,
                null,
                density,
                imp,
                120,
                256,
                t -> 1e-2,
                OptimizerKind.ADAMW,
                0.9f,
                0.999f,
                1e-8f,
                0.01f,
                3L,
                threads,
                0,
                0);
    }

    /** Stream of instance j: its density's (restarts share batches), as Trainer assigns them. */
    private static long[] sharedStreams(int inst, int densities) {
        long[] s = new long[inst];
        Arrays.setAll(s, j -> j % densities);
        return s;
    }

    private static void check(FusedModel model, float[] densities, int restarts) {
        FusedJob together = job(model, densities, restarts, 2);
        int inst = together.instances();
        float[] W0 = FusedBenchmark.xavierNormal(inst, N, M, 11L);
        float[] b0 = new float[inst * N];
        FusedResult all = FusedTrainer.train(
                together, FusedState.initial(together, W0, b0, sharedStreams(inst, densities.length)), 0, null);
        int nm = N * M;
        for (int j = 0; j < inst; j++) {
            FusedJob alone = job(model, new float[] {densities[j % densities.length]}, 1, 1);
            float[] w = Arrays.copyOfRange(W0, j * nm, (j + 1) * nm);
            FusedResult one = FusedTrainer.train(
                    alone, FusedState.initial(alone, w, new float[N], new long[] {j % densities.length}), 0, null);
            assertArrayEquals(
                    bits(one.W()), bits(Arrays.copyOfRange(all.W(), j * nm, (j + 1) * nm)), model + " instance " + j);
            assertArrayEquals(
                    bits(one.b()), bits(Arrays.copyOfRange(all.b(), j * N, (j + 1) * N)), model + " instance " + j);
        }
        // the restarts of one density start apart and stay apart: they are different models
        assertFalse(Arrays.equals(
                Arrays.copyOfRange(all.W(), 0, nm),
                Arrays.copyOfRange(all.W(), densities.length * nm, (densities.length + 1) * nm)));
        assertNotEquals(0f, all.W()[0]);
    }

    @Test
    void hiddenReluCohortsMatchInstancesTrainedAlone() {
        // more restarts than one cohort holds, so a density spans several cohorts
        check(FusedModel.HIDDEN_RELU, new float[] {0.75f, 0.1f, 0.01f}, FusedTrainer.MAX_COHORT + 3);
    }

    @Test
    void reluOutputCohortsMatchInstancesTrainedAlone() {
        check(FusedModel.RELU, new float[] {1f, 0.3f}, 5);
    }

    private static int[] bits(float[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Float.floatToRawIntBits(a[i]);
        }
        return out;
    }
}
