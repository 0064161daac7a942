package io.github.superpose.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.superpose.core.JavaBackend;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both engines draw every batch from one sampler, so from the same seed they see the same
 * batches: the logged losses agree to float rounding at every logged step, and after a short
 * run the weights agree to a small fraction of one optimizer step.
 */
class EnginesAgreeTest {
    static final int N = 10;
    static final int M = 4;

    @ParameterizedTest
    @CsvSource({
        "RELU, uniform",
        "LINEAR, uniform",
        "HIDDEN_RELU, uniform",
        "ABS, signed",
        "RELU, correlated",
        "RELU, anticorrelated"
    })
    void sameBatchesSameLossesSameWeights(ModelKind kind, String data) {
        float[] dens = {1f, 0.3f, 0.05f};
        FeatureGenerator gen = switch (data) {
            case "uniform" -> SparseUniform.of(dens, N, false);
            case "signed" -> SparseUniform.of(dens, N, true);
            case "correlated" ->
                new CorrelatedSets(new float[] {0.4f, 0.2f, 0.05f}, 3, 0, N - 6, CorrelatedSets.Convention.PAPER);
            default ->
                new CorrelatedSets(new float[] {0.4f, 0.2f, 0.05f}, 0, 3, N - 6, CorrelatedSets.Convention.ARENA);
        };
        TrainConfig cfg = new TrainConfig(40, 128, OptimizerConfig.adamW(), Schedule.constant(), 9, 2, 10, 0, 1, 256);
        Map<Integer, float[]> fusedLog = new HashMap<>();
        Map<Integer, float[]> tapeLog = new HashMap<>();
        TrainResult fused = train(kind, gen, cfg, true, fusedLog);
        TrainResult tape = train(kind, gen, cfg, false, tapeLog);
        assertEquals(tapeLog.keySet(), fusedLog.keySet());
        for (Map.Entry<Integer, float[]> e : tapeLog.entrySet()) {
            float[] f = fusedLog.get(e.getKey());
            for (int i = 0; i < dens.length; i++) {
                float t = e.getValue()[i];
                assertEquals(t, f[i], 1e-4 * Math.abs(t) + 1e-9, "loss at step " + e.getKey() + " instance " + i);
            }
        }
        for (Map.Entry<String, float[]> e : tape.model().weights().entrySet()) {
            float[] w = e.getValue();
            float[] v = fused.model().weights().get(e.getKey());
            assertNotNull(v, e.getKey());
            for (int k = 0; k < w.length; k++) {
                // a tenth of one AdamW step (lr 1e-3)
                assertEquals(w[k], v[k], 1e-4, e.getKey() + "[" + k + "]");
            }
        }
    }

    private static TrainResult train(
            ModelKind kind, FeatureGenerator gen, TrainConfig cfg, boolean fused, Map<Integer, float[]> log) {
        float[] imp = Trainer.shared(Importance.geometric(N, 0.8), 3);
        return Trainer.train(
                kind,
                3,
                N,
                M,
                gen,
                imp,
                cfg,
                new JavaBackend(2),
                new TrainListener() {
                    @Override
                    public void onLog(int restart, int step, float[] loss) {
                        log.put(step, loss.clone());
                    }
                },
                fused);
    }
}
