package io.github.superpose.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.superpose.core.Backend;
import io.github.superpose.sim.CheckpointSink;
import io.github.superpose.sim.InstanceSlice;
import io.github.superpose.sim.ModelKind;
import io.github.superpose.sim.OptimizerConfig;
import io.github.superpose.sim.Schedule;
import io.github.superpose.sim.SparseUniform;
import io.github.superpose.sim.TrainConfig;
import io.github.superpose.sim.TrainControl;
import io.github.superpose.sim.TrainListener;
import io.github.superpose.sim.TrainResult;
import io.github.superpose.sim.TrainState;
import io.github.superpose.sim.Trainer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Training on the ND4J backend resumed from a checkpoint ends with the bits of an unstopped run. */
class Nd4jResumeTest {
    static TrainResult train(Backend be, TrainState resume, List<TrainState> into) {
        float[] density = {1f, 0.1f, 0.02f};
        float[] imp = Trainer.shared(new float[] {1f, 0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f, 0.3f}, density.length);
        TrainConfig cfg = new TrainConfig(120, 128, OptimizerConfig.adamW(), Schedule.constant(), 4, 2, 20, 0, 1, 256);
        CheckpointSink sink = into == null
                ? CheckpointSink.NONE
                : new CheckpointSink() {
                    @Override
                    public int every() {
                        return 50;
                    }

                    @Override
                    public void save(TrainState s) {
                        into.add(s);
                    }
                };
        return Trainer.train(
                ModelKind.RELU,
                8,
                3,
                SparseUniform.of(density, 8, false),
                imp,
                cfg,
                be,
                TrainListener.NONE,
                true,
                new TrainControl(InstanceSlice.all(density.length), resume, sink));
    }

    @Test
    void resumedTrainingMatchesBitForBit() {
        Backend be = Nd4jBackend.create(2, 0, 0);
        List<TrainState> states = new ArrayList<>();
        TrainResult whole = train(be, null, states);
        assertEquals("tape", states.get(0).engine(), "the ND4J backend trains on the tape");
        for (TrainState s : states) {
            TrainResult resumed = train(be, s, null);
            assertArrayEquals(
                    whole.model().weights().get("W"),
                    resumed.model().weights().get("W"),
                    0f,
                    "resumed at chunk " + s.chunk() + " step " + s.step());
            assertArrayEquals(whole.evalLoss(), resumed.evalLoss(), 0f);
        }
    }
}
