package io.github.superpose.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.JavaBackend;
import io.github.superpose.sim.TrainListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finite data end to end at test scale: the spec round-trips through config.json, instances are
 * ordered by T, a 3-point training set is memorized (train loss far below test loss, its hidden
 * vectors spread over both dimensions: mean D_t near 2/3), and the same weights with the
 * instances' feature rows shuffled memorize nothing.
 */
class FiniteDataTest {
    @TempDir
    Path tmp;

    static final String SPEC = String.join(
            "\n",
            "name = \"finite-test\"",
            "features = 1000",
            "hidden = 2",
            "steps = 800",
            "batch = 1000000",
            "eval_batch = 3000",
            "log_every = 100",
            "[density]",
            "values = [0.01]",
            "[data]",
            "kind = \"dataset\"",
            "train_points = [3, 200]",
            "normalize = \"unit\"",
            "[schedule]",
            "kind = \"cosine\"",
            "warmup = 80",
            "");

    @Test
    void smallTrainingSetsAreMemorizedAsPoints() throws Exception {
        Path file = tmp.resolve("finite-test.toml");
        Files.writeString(file, SPEC);
        Spec spec = SpecParser.parse(file);
        assertEquals(2, spec.instances());
        assertEquals(3, spec.trainPointsOf(0));
        assertEquals(200, spec.trainPointsOf(1));
        Spec back = SpecParser.check(spec, "round trip");
        assertArrayEquals(spec.trainPoints(), back.trainPoints());
        assertEquals("unit", back.normalize());

        RunResult r = Experiment.run(
                spec, new RunOptions(0, null, "java", 2, "auto", false), new JavaBackend(1), TrainListener.NONE);
        RunData run = RunData.of(r);
        double[] train = FiniteMeasures.trainLoss(run);
        double[] test = FiniteMeasures.testLoss(run);
        assertEquals(r.train().finalTrainLoss()[0], train[0], 1e-6 * test[0], "train loss recomputed from weights");
        assertTrue(train[0] < 0.2 * test[0], "T = 3 memorized: train " + train[0] + " vs test " + test[0]);
        double[] dPoint = FiniteMeasures.meanPointDimensionality(run);
        assertTrue(dPoint[0] > 0.5 && dPoint[0] < 0.8, "3 points over 2 dimensions: mean D_t " + dPoint[0]);
        assertTrue(dPoint[1] < dPoint[0], "200 points share the dimensions: " + dPoint[1]);

        Map<String, Object> results = Results.of(r);
        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) ((java.util.List<?>) results.get("results")).get(0);
        assertEquals(3, row.get("train_points"));
        assertTrue(((Map<?, ?>) row.get("finite")).containsKey("hidden_vectors"));

        RunData scrambled = new RunData(
                spec, CatalogueQuickTest.scramble(run.model()), run.evalLoss(), run.lossLog(), run.dynamics());
        double[] trainScrambled = FiniteMeasures.trainLoss(scrambled);
        assertTrue(trainScrambled[0] > 0.5 * test[0], "scrambled weights memorize nothing: " + trainScrambled[0]);
    }
}
