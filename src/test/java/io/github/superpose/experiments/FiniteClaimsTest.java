package io.github.superpose.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.JavaBackend;
import io.github.superpose.sim.ToyModel;
import io.github.superpose.sim.TrainListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The double-descent claims D1–D3 on the catalogue entry's quick scale: they are measured and
 * printed, test losses recomputed from the weights match the run's, and each claim can fail:
 * scrambled weights break the polygon (D1) and the generalising features (D2, which holds at
 * quick scale), and weights assigned to the wrong T (instance order reversed, test losses with
 * them) break D2 and D3. Whether D1 and D3 hold at quick scale is printed, not asserted: the
 * quick run is far shorter than the paper's 50,000 steps.
 */
class FiniteClaimsTest {
    @Test
    void claimsAreMeasuredAndFailOnWrongRuns() throws Exception {
        Spec spec = SpecParser.parse(Path.of("experiments", "double-descent-10000-in-2.toml"), true);
        RunResult r = Experiment.run(
                spec, new RunOptions(0, null, "java", 2, "auto", true), new JavaBackend(2), TrainListener.NONE);
        RunData run = RunData.of(r);
        List<Claim> claims = Claims.of(run);
        assertEquals(List.of("D1", "D2", "D3"), claims.stream().map(Claim::id).toList());
        for (Claim c : claims) {
            System.out.println("quick " + c.id() + " " + (c.pass() ? "holds" : "fails") + ": " + c.measured());
        }
        RunData scrambled = new RunData(
                spec, CatalogueQuickTest.scramble(run.model()), run.evalLoss(), run.lossLog(), run.dynamics());
        double[] test = FiniteMeasures.testLoss(run);
        double[] again = FiniteMeasures.testLossOfWeights(run);
        for (int i = 0; i < test.length; i++) {
            assertEquals(test[i], again[i], 1e-6 * test[i], "test loss recomputed from the weights, T index " + i);
        }
        List<Claim> scrambledClaims = Claims.of(scrambled);
        assertFalse(scrambledClaims.get(0).pass(), "scrambled weights form no polygon");
        // D2 holds at quick scale (the largest sets generalise); scrambled weights do not
        assertTrue(claims.get(1).pass(), "quick D2: " + claims.get(1).measured());
        assertFalse(
                scrambledClaims.get(1).pass(),
                "scrambled D2: " + scrambledClaims.get(1).measured());
        RunData swapped =
                new RunData(spec, reversed(run.model()), reversed(run.evalLoss()), run.lossLog(), run.dynamics());
        List<Claim> wrong = Claims.of(swapped);
        assertFalse(
                wrong.get(0).pass() && wrong.get(1).pass(),
                "weights of the largest T at the smallest: " + wrong.get(0).measured() + " / "
                        + wrong.get(1).measured());
        assertFalse(
                wrong.get(1).pass(), "D2 on T-reversed weights: " + wrong.get(1).measured());
        assertFalse(
                wrong.get(2).pass(), "D3 on T-reversed weights: " + wrong.get(2).measured());
    }

    static ToyModel reversed(ToyModel m) {
        Map<String, float[]> w = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : m.weights().entrySet()) {
            float[] src = e.getValue();
            int per = src.length / m.instances();
            float[] a = new float[src.length];
            for (int i = 0; i < m.instances(); i++) {
                System.arraycopy(src, (m.instances() - 1 - i) * per, a, i * per, per);
            }
            w.put(e.getKey(), a);
        }
        return ToyModel.of(m.kind(), m.instances(), m.features(), m.hidden(), w);
    }

    static float[] reversed(float[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[a.length - 1 - i];
        }
        return out;
    }
}
