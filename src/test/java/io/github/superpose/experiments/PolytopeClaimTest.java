package io.github.superpose.experiments;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.sim.ModelKind;
import io.github.superpose.sim.ToyModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** T9 reads the levels whose D* lies in the band of the named polytope fractions. */
class PolytopeClaimTest {
    /** Dense levels: 20 orthonormal features; middle: 20 antipodal pairs; sparse: 200 random features. */
    private static RunData synthetic(Spec s, boolean pairsInTheBand) {
        int n = s.features();
        int m = s.hidden();
        int levels = s.instances();
        float[] w = new float[levels * n * m];
        Random rnd = new Random(2);
        for (int k = 0; k < levels; k++) {
            for (int f = 0; f < n; f++) {
                int at = (k * n + f) * m;
                if (k < 3 && f < m) {
                    w[at + f] = 1;
                } else if (k >= 3 && k < 10 && f < 2 * m) {
                    // antipodal pairs (D = 1/2), or the same norms in random directions
                    if (pairsInTheBand) {
                        w[at + f / 2] = f % 2 == 0 ? 1 : -1;
                    } else {
                        for (int j = 0; j < m; j++) {
                            w[at + j] = (float) (rnd.nextGaussian() / Math.sqrt(m));
                        }
                    }
                } else if (k >= 10) {
                    for (int j = 0; j < m; j++) {
                        w[at + j] = (float) (rnd.nextGaussian() / Math.sqrt(m));
                    }
                }
            }
        }
        ToyModel model = ToyModel.of(ModelKind.RELU, levels, n, m, Map.of("W", w, "b", new float[levels * n]));
        return new RunData(s, model, new float[levels], List.of(), List.of());
    }

    private static Claim t9(RunData run) {
        return Claims.of(run).stream()
                .filter(c -> c.id().equals("T9"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void antipodalPairsInTheBandHoldAndRandomDirectionsDoNot() {
        Spec s = SpecParser.parse(Path.of("experiments", "uniform-400-in-30.toml"), true);
        Claim pairs = t9(synthetic(s, true));
        assertTrue(pairs.pass(), pairs.measured());
        assertTrue(pairs.measured().contains("at 7 levels"), pairs.measured());
        Claim random = t9(synthetic(s, false));
        assertFalse(random.pass(), random.measured());
    }
}
