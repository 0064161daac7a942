package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.Rng;
import io.github.superpose.core.WorkerPool;
import org.junit.jupiter.api.Test;

/**
 * The pages encode a corpus's latents through a packed encoder on several cores; they must be the
 * latents {@link SparseAutoencoder#encode(float[], int)} gives, row by row, at any thread count.
 */
class LatentActsTest {
    static final int ROWS = 300;
    static final int DIN = 24;
    static final int DS = 150;

    @Test
    void packedLatentsAreTheSaesOwn() {
        for (SaeConfig c : new SaeConfig[] {SaeConfig.relu(DIN, DS, 1e-3), SaeConfig.topK(DIN, DS, 5)}) {
            SparseAutoencoder sae = FusedSaeStepTest.sae(c, 3);
            Rng r = Rng.forStream(9, 0);
            float[] x = new float[ROWS * DIN];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            ActivationSet a = ActivationSet.of(x, ROWS, DIN);
            float[] want = sae.encode(x, ROWS);
            int active = 0;
            for (int threads : new int[] {1, 3}) {
                LatentActs f;
                try (WorkerPool w = WorkerPool.forThreads(threads, "test")) {
                    f = LatentActs.encode(sae, a, ROWS, w, ProgressListener.NONE);
                }
                active = 0;
                for (int row = 0; row < ROWS; row++) {
                    for (int j = 0; j < DS; j++) {
                        float v = want[row * DS + j];
                        active += v > 0 ? 1 : 0;
                        assertEquals(
                                v, f.get(row, j), 1e-5f * (1 + Math.abs(v)), c.kind() + " row " + row + " latent " + j);
                    }
                }
            }
            assertTrue(active > ROWS, c.kind() + ": too few active latents (" + active + ") to test anything");
        }
    }
}
