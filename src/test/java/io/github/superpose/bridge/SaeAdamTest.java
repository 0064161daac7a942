package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.Simd;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The SAE's Adam on the vector API against its scalar loop, bit for bit, over steps and odd lengths. */
class SaeAdamTest {
    @Test
    void vectorAndScalarPathsGiveTheSameBits() {
        assertTrue(Simd.ENABLED, "the tests run with the vector API: " + Simd.describe());
        SplittableRandom rnd = new SplittableRandom(4);
        int n = 1000;
        float[] wVec = new float[n];
        for (int i = 0; i < n; i++) {
            wVec[i] = (float) rnd.nextGaussian();
        }
        float[] wScalar = wVec.clone();
        float[] initial = wVec.clone();
        SaeAdam vec = new SaeAdam(n);
        SaeAdam scalar = new SaeAdam(n);
        float[] g = new float[n + 7];
        for (int step = 0; step < 5; step++) {
            for (int i = 0; i < g.length; i++) {
                // gradients over many scales, zeros included (v stays 0 there: the eps path)
                g[i] = i % 13 == 0 ? 0f : (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-6, 2)));
            }
            vec.begin(1e-3f);
            scalar.begin(1e-3f);
            // odd offsets and lengths: tails shorter than a vector, gradients read at a shift
            for (int[] part : new int[][] {{0, 3, 1}, {3, 500, 7}, {503, 497, 0}}) {
                vec.update(0, wVec, part[0], g, part[0] + part[2], part[1], true);
                scalar.update(0, wScalar, part[0], g, part[0] + part[2], part[1], false);
            }
            assertArrayEquals(wScalar, wVec, "step " + step);
        }
        int moved = 0;
        for (int i = 0; i < n; i++) {
            moved += wVec[i] != initial[i] ? 1 : 0;
        }
        assertTrue(moved > n / 2, "only " + moved + " weights moved");
    }
}
