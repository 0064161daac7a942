package io.github.superpose.experiments;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.JavaBackend;
import io.github.superpose.sim.ToyModel;
import io.github.superpose.sim.TrainListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The paper's claims (claims T4–T12) on the catalogue's quick path: the same specs, code and
 * claim measurements `./sim reproduce --quick` uses. Each run is also checked with its weights
 * scrambled, where the claims must stop holding, so the measurements can fail.
 */
class CatalogueQuickTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "intro-5-in-2",
                "sparsity-sweep-20-in-5",
                "linear-20-in-5",
                "phase-2-in-1",
                "nonuniform-pentagon",
                "correlated-4-in-2",
                "anticorrelated-4-in-2",
                "learning-dynamics",
                "sweep-100-in-20",
                "adversarial-20-in-5",
                "phase-3-in-2"
            })
    void claimsHoldAtQuickScale(String name) throws Exception {
        Spec spec = SpecParser.parse(Path.of("experiments", name + ".toml"), true);
        RunOptions opts = new RunOptions(0, null, "java", 2, "auto", true);
        RunResult r = Experiment.run(spec, opts, new JavaBackend(2), TrainListener.NONE);
        RunData run = RunData.of(r);
        List<Claim> claims = Claims.of(run);
        assertFalse(claims.isEmpty(), "catalogue spec has claims");
        String failed = claims.stream()
                .filter(c -> !c.pass())
                .map(c -> c.id() + " " + c.text() + " — " + c.measured())
                .collect(Collectors.joining("\n"));
        assertTrue(failed.isEmpty(), "claims that do not hold:\n" + failed);
        List<Path> pngs = Figures.render(run, tmp, name);
        for (Path p : pngs) {
            assertTrue(Files.size(p) > 5_000, p + " is a real image");
        }
        RunData scrambled = new RunData(spec, scramble(run.model()), run.evalLoss(), run.lossLog(), run.dynamics());
        if (!name.equals("learning-dynamics")) {
            assertTrue(
                    Claims.of(scrambled).stream().anyMatch(c -> !c.pass()),
                    "scrambled weights must break at least one claim");
        }
    }

    /**
     * The same weights with instances reassigned at random and every instance's entries shuffled:
     * the same numbers, no learned geometry, no link between an instance and its density.
     */
    static ToyModel scramble(ToyModel m) {
        Random rnd = new Random(1);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < m.instances(); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, rnd);
        Map<String, float[]> w = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : m.weights().entrySet()) {
            float[] src = e.getValue();
            float[] a = new float[src.length];
            int per = a.length / m.instances();
            for (int i = 0; i < m.instances(); i++) {
                System.arraycopy(src, order.get(i) * per, a, i * per, per);
            }
            for (int i = 0; i < m.instances(); i++) {
                List<Float> vals = new ArrayList<>();
                for (int j = 0; j < per; j++) {
                    vals.add(a[i * per + j]);
                }
                java.util.Collections.shuffle(vals, rnd);
                for (int j = 0; j < per; j++) {
                    a[i * per + j] = vals.get(j);
                }
            }
            w.put(e.getKey(), a);
        }
        return ToyModel.of(m.kind(), m.instances(), m.features(), m.hidden(), w);
    }
}
