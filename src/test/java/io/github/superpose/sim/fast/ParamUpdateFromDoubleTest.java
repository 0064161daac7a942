package io.github.superpose.sim.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.Rng;
import org.junit.jupiter.api.Test;

/** The one-pass update from double gradients equals rounding to float and {@code stepInPlace}, bit for bit. */
class ParamUpdateFromDoubleTest {
    @Test
    void sameBitsAsConvertThenStepAndGradientCleared() {
        Rng r = Rng.forStream(3, 0);
        for (OptimizerKind kind : OptimizerKind.values()) {
            int size = 1000;
            ParamUpdate a = new ParamUpdate(kind, 0.9f, 0.999f, 1e-8f, 1e-2f, size);
            ParamUpdate b = new ParamUpdate(kind, 0.9f, 0.999f, 1e-8f, 1e-2f, size);
            float[] pa = new float[size];
            for (int i = 0; i < size; i++) {
                pa[i] = (float) r.nextGaussian();
            }
            float[] pb = pa.clone();
            for (int step = 1; step <= 20; step++) {
                double[] g = new double[size];
                float[] gf = new float[size];
                for (int i = 0; i < size; i++) {
                    g[i] = r.nextGaussian() * 1e-3;
                    gf[i] = (float) g[i];
                }
                assertTrue(a.stepInPlace(pa, gf, 1e-3 * step, step));
                assertTrue(b.stepFromDouble(pb, g, 1e-3 * step, step));
                assertArrayEquals(pa, pb, kind + " step " + step);
                assertArrayEquals(new double[size], g, "gradient cleared");
            }
            double[] bad = new double[size];
            bad[size / 2] = Double.NaN;
            assertFalse(b.stepFromDouble(pb, bad, 1e-3, 21), kind + ": a NaN gradient is reported");
        }
    }
}
