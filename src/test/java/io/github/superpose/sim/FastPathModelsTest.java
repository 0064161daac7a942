package io.github.superpose.sim;

import static io.github.superpose.sim.CheckpointResumeTest.collect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.JavaBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hidden-ReLU (privileged basis) and abs models, and correlated / anticorrelated feature
 * sets, on the fast path: the same bytes at one and two threads, the same bytes after resuming
 * from a checkpoint, hooks that see the model, every optimizer, and losses that match the tape's
 * statistically (the engines draw different batches).
 */
class FastPathModelsTest {
    static final int N = 10;
    static final int M = 5;
    static final float[] DENSITY = {1f, 0.3f, 0.1f, 0.02f};

    static TrainConfig config(String optimizer, int threads, int steps) {
        OptimizerConfig o = switch (optimizer) {
            case "adamw" -> OptimizerConfig.adamW();
            case "adam" -> new OptimizerConfig(OptimizerConfig.Kind.ADAM, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.001f);
            case "sgd" -> new OptimizerConfig(OptimizerConfig.Kind.SGD, 0.1f, 0.9f, 0.999f, 1e-8f, 0.001f);
            default -> throw new IllegalArgumentException(optimizer);
        };
        return new TrainConfig(steps, 128, o, Schedule.named("cosine").withWarmup(20), 4, threads, 25, 50, 2, 512);
    }

    static TrainResult train(
            ModelKind kind,
            TrainConfig cfg,
            boolean fused,
            TrainListener listener,
            TrainState resume,
            CheckpointSink sink) {
        return train(kind, SparseUniform.of(DENSITY, N, kind == ModelKind.ABS), cfg, fused, listener, resume, sink);
    }

    static TrainResult train(
            ModelKind kind,
            FeatureGenerator gen,
            TrainConfig cfg,
            boolean fused,
            TrainListener listener,
            TrainState resume,
            CheckpointSink sink) {
        return Trainer.train(
                kind,
                N,
                M,
                gen,
                Trainer.shared(Importance.geometric(N, 0.8), DENSITY.length),
                cfg,
                new JavaBackend(cfg.threads()),
                listener,
                fused,
                new TrainControl(InstanceSlice.all(DENSITY.length), resume, sink));
    }

    @ParameterizedTest
    @CsvSource({"HIDDEN_RELU, adamw", "HIDDEN_RELU, sgd", "ABS, adam", "ABS, adamw"})
    void sameBytesAtOneAndTwoThreadsAndAfterResuming(ModelKind kind, String optimizer) {
        List<TrainState> states = new ArrayList<>();
        List<Integer> hooks = new ArrayList<>();
        TrainListener hookCounter = new TrainListener() {
            @Override
            public void onHook(int restart, int step, ToyModel model) {
                assertEquals(kind, model.kind());
                hooks.add(step);
            }
        };
        TrainResult one = train(kind, config(optimizer, 1, 200), true, hookCounter, null, collect(states, 70));
        TrainResult two = train(kind, config(optimizer, 2, 200), true, TrainListener.NONE, null, CheckpointSink.NONE);
        assertEquals("fused", states.get(0).engine());
        assertEquals(List.of(50, 100, 150), hooks, "hooks before steps 50, 100, 150 (restarts side by side)");
        CheckpointResumeTest.assertSame(one, two, kind + " at 2 threads");
        ToyModel init = ToyModel.create(kind, DENSITY.length, N, M, 4);
        for (Map.Entry<String, float[]> e : init.weights().entrySet()) {
            if (!e.getKey().equals("b")) {
                assertFalse(
                        java.util.Arrays.equals(
                                e.getValue(), one.model().weights().get(e.getKey())),
                        "training must move " + e.getKey());
            }
        }
        for (TrainState s : states) {
            TrainResult resumed =
                    train(kind, config(optimizer, 2, 200), true, TrainListener.NONE, s, CheckpointSink.NONE);
            CheckpointResumeTest.assertSame(
                    one, resumed, kind + " resumed at chunk " + s.chunk() + " step " + s.step());
        }
    }

    @ParameterizedTest
    @CsvSource({"HIDDEN_RELU", "ABS"})
    void fastPathAndTapeReachTheSameLoss(ModelKind kind) {
        TrainConfig cfg =
                new TrainConfig(1500, 256, OptimizerConfig.adamW(), Schedule.constant(), 4, 2, 100, 0, 1, 4096);
        TrainResult fast = train(kind, cfg, true, TrainListener.NONE, null, CheckpointSink.NONE);
        TrainResult tape = train(kind, cfg, false, TrainListener.NONE, null, CheckpointSink.NONE);
        // different batches can settle one instance in another local minimum: each within 25%,
        // the sum within 10%
        double sumF = 0;
        double sumT = 0;
        for (int i = 0; i < DENSITY.length; i++) {
            float f = fast.evalLoss()[i];
            float t = tape.evalLoss()[i];
            assertTrue(Math.abs(f - t) <= 0.25 * t, kind + " instance " + i + ": fast " + f + " vs tape " + t);
            sumF += f;
            sumT += t;
        }
        assertEquals(sumT, sumF, 0.1 * sumT, kind + " summed eval loss");
    }

    @ParameterizedTest
    @CsvSource({"PAPER", "ARENA"})
    void correlatedSetsTrainOnTheFastPath(CorrelatedSets.Convention convention) {
        float[] dens = {0.3f, 0.1f, 0.05f, 0.02f};
        FeatureGenerator gen = new CorrelatedSets(dens, 2, 2, N - 8, convention);
        List<TrainState> states = new ArrayList<>();
        TrainResult one = train(
                ModelKind.RELU, gen, config("adamw", 1, 200), true, TrainListener.NONE, null, collect(states, 100));
        TrainResult two = train(
                ModelKind.RELU, gen, config("adamw", 2, 200), true, TrainListener.NONE, null, CheckpointSink.NONE);
        assertEquals("fused", states.get(0).engine());
        CheckpointResumeTest.assertSame(one, two, convention + " at 2 threads");
        TrainConfig cfg =
                new TrainConfig(1500, 256, OptimizerConfig.adamW(), Schedule.constant(), 4, 2, 100, 0, 1, 4096);
        TrainResult fast = train(ModelKind.RELU, gen, cfg, true, TrainListener.NONE, null, CheckpointSink.NONE);
        TrainResult tape = train(ModelKind.RELU, gen, cfg, false, TrainListener.NONE, null, CheckpointSink.NONE);
        double sumF = 0;
        double sumT = 0;
        for (int i = 0; i < dens.length; i++) {
            sumF += fast.evalLoss()[i];
            sumT += tape.evalLoss()[i];
        }
        assertEquals(sumT, sumF, 0.1 * sumT, convention + " summed eval loss, fast vs tape");
    }
}
