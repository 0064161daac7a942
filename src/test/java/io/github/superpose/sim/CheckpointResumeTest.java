package io.github.superpose.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.JavaBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Training resumed from any checkpoint ends with the same bits as training without a stop, and
 * an instance trained in a slice of the sweep is bit-for-bit the instance trained in the whole
 * sweep, on both engines and with restarts side by side.
 */
class CheckpointResumeTest {
    static final int N = 12;
    static final int M = 4;
    static final float[] DENSITY = {1f, 0.5f, 0.2f, 0.1f, 0.05f};
    static final int STEPS = 240;

    static TrainConfig config(String optimizer, int restarts) {
        OptimizerConfig o = switch (optimizer) {
            case "adamw" -> OptimizerConfig.adamW();
            case "sgd" -> new OptimizerConfig(OptimizerConfig.Kind.SGD, 0.05f, 0.9f, 0.999f, 1e-8f, 0.001f);
            default -> throw new IllegalArgumentException(optimizer);
        };
        return new TrainConfig(STEPS, 64, o, Schedule.named("cosine").withWarmup(20), 3, 2, 25, 60, restarts, 512);
    }

    static float[] densities(int[] ids) {
        float[] d = new float[ids.length];
        for (int j = 0; j < ids.length; j++) {
            d[j] = DENSITY[ids[j]];
        }
        return d;
    }

    static float[] importance(int count) {
        float[] imp = new float[N];
        for (int f = 0; f < N; f++) {
            imp[f] = (float) Math.pow(0.8, f);
        }
        return Trainer.shared(imp, count);
    }

    static TrainResult train(
            String engine, TrainConfig cfg, InstanceSlice slice, TrainState resume, CheckpointSink sink) {
        return Trainer.train(
                ModelKind.RELU,
                N,
                M,
                SparseUniform.of(densities(slice.ids()), N, false),
                importance(slice.size()),
                cfg,
                new JavaBackend(2),
                TrainListener.NONE,
                "fused".equals(engine),
                new TrainControl(slice, resume, sink));
    }

    static CheckpointSink collect(List<TrainState> into, int every) {
        return new CheckpointSink() {
            @Override
            public int every() {
                return every;
            }

            @Override
            public void save(TrainState s) {
                into.add(s);
            }
        };
    }

    static void assertSame(TrainResult want, TrainResult got, String what) {
        for (Map.Entry<String, float[]> e : want.model().weights().entrySet()) {
            assertArrayEquals(
                    bits(e.getValue()), bits(got.model().weights().get(e.getKey())), what + ": " + e.getKey());
        }
        assertArrayEquals(bits(want.evalLoss()), bits(got.evalLoss()), what + ": eval loss");
        assertArrayEquals(want.bestRestart(), got.bestRestart(), what + ": best restart");
        assertArrayEquals(bits(want.finalTrainLoss()), bits(got.finalTrainLoss()), what + ": train loss");
    }

    static int[] bits(float[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Float.floatToRawIntBits(a[i]);
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"fused, adamw", "tape, adamw", "fused, sgd", "tape, sgd"})
    void resumingFromEveryCheckpointGivesTheSameBits(String engine, String optimizer) {
        TrainConfig cfg = config(optimizer, 2);
        InstanceSlice all = InstanceSlice.all(DENSITY.length);
        List<TrainState> states = new ArrayList<>();
        TrainResult whole = train(engine, cfg, all, null, collect(states, 70));
        // 70, 140, 210 within the chunk, then the boundary after it
        assertEquals(
                List.of(70, 140, 210, 0), states.stream().map(TrainState::step).toList());
        assertTrue(states.get(3).atBoundary());
        assertEquals(engine, states.get(0).engine());
        for (TrainState s : states) {
            TrainResult resumed = train(engine, cfg, all, s, CheckpointSink.NONE);
            assertSame(whole, resumed, engine + " resumed at chunk " + s.chunk() + " step " + s.step());
        }
        // a resumed run writes the same later checkpoints as the uninterrupted one
        List<TrainState> later = new ArrayList<>();
        train(engine, cfg, all, states.get(0), collect(later, 70));
        assertEquals(3, later.size());
        assertArrayEquals(
                bits(states.get(2).weights().get("W")),
                bits(later.get(1).weights().get("W")));
    }

    @ParameterizedTest
    @CsvSource({"fused", "tape"})
    void aDamagedStateChangesTheResult(String engine) {
        TrainConfig cfg = config("adamw", 1);
        InstanceSlice all = InstanceSlice.all(DENSITY.length);
        List<TrainState> states = new ArrayList<>();
        TrainResult whole = train(engine, cfg, all, null, collect(states, 100));
        TrainState s = states.get(0);
        long[] rng = s.rng().clone();
        rng[0] ^= 1L;
        TrainState otherStream = new TrainState(
                s.engine(),
                s.chunk(),
                s.step(),
                s.weights(),
                s.moments(),
                rng,
                s.lastLoss(),
                s.best(),
                s.bestLoss(),
                s.bestRestart(),
                s.finalTrain());
        TrainResult drifted = train(engine, cfg, all, otherStream, CheckpointSink.NONE);
        assertFalse(
                Arrays.equals(
                        bits(whole.model().weights().get("W")),
                        bits(drifted.model().weights().get("W"))),
                "another random stream must give other weights");
        List<float[]> zeroed = new ArrayList<>();
        for (float[] mo : s.moments()) {
            zeroed.add(new float[mo.length]);
        }
        TrainState fresh = new TrainState(
                s.engine(),
                s.chunk(),
                s.step(),
                s.weights(),
                zeroed,
                s.rng(),
                s.lastLoss(),
                s.best(),
                s.bestLoss(),
                s.bestRestart(),
                s.finalTrain());
        TrainResult noMoments = train(engine, cfg, all, fresh, CheckpointSink.NONE);
        assertFalse(
                Arrays.equals(
                        bits(whole.model().weights().get("W")),
                        bits(noMoments.model().weights().get("W"))),
                "dropping the optimizer moments must change the weights");
        String other = engine.equals("fused") ? "tape" : "fused";
        assertThrows(
                IllegalArgumentException.class,
                () -> train(other, cfg, all, s, CheckpointSink.NONE),
                "a state resumes only on the engine that wrote it");
    }

    @ParameterizedTest
    @CsvSource({"fused, 2", "tape, 2", "fused, 1"})
    void aSliceTrainsItsInstancesExactlyAsTheWholeSweep(String engine, int restarts) {
        TrainConfig cfg = config("adamw", restarts);
        TrainResult whole = train(engine, cfg, InstanceSlice.all(DENSITY.length), null, CheckpointSink.NONE);
        for (int k = 0; k < 2; k++) {
            InstanceSlice shard = InstanceSlice.shard(k, 2, DENSITY.length);
            TrainResult part = train(engine, cfg, shard, null, CheckpointSink.NONE);
            for (int j = 0; j < shard.size(); j++) {
                int i = shard.id(j);
                for (String name : whole.model().weights().keySet()) {
                    float[] w = whole.model().weights().get(name);
                    float[] p = part.model().weights().get(name);
                    int per = w.length / DENSITY.length;
                    assertArrayEquals(
                            bits(Arrays.copyOfRange(w, i * per, (i + 1) * per)),
                            bits(Arrays.copyOfRange(p, j * per, (j + 1) * per)),
                            name + " of instance " + i);
                }
                assertEquals(whole.evalLoss()[i], part.evalLoss()[j], "eval loss of instance " + i);
                assertEquals(whole.bestRestart()[i], part.bestRestart()[j], "best restart of instance " + i);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void shardsCoverEveryInstanceOnce() {
        for (int total = 1; total <= 30; total++) {
            for (int n = 1; n <= total; n++) {
                int[] seen = new int[total];
                for (int k = 0; k < n; k++) {
                    for (int id : InstanceSlice.shard(k, n, total).ids()) {
                        seen[id]++;
                    }
                }
                for (int i = 0; i < total; i++) {
                    assertEquals(1, seen[i], "instance " + i + " of " + total + " over " + n + " shards");
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> InstanceSlice.shard(3, 3, 10));
        assertThrows(IllegalArgumentException.class, () -> InstanceSlice.shard(0, 11, 10));
    }
}
