package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-unit summaries behind the pages, checked against direct computations on seeded data. */
class UnitScanTest {
    @Test
    void topHistogramAndIntervalsMatchDirectCounts() {
        int rows = 3000;
        int d = 5;
        Random rng = new Random(7);
        float[] x = new float[rows * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble() < 0.3 ? (float) Math.abs(rng.nextGaussian()) : -0.05f;
        }
        x[10 * d + 2] = x[20 * d + 2] = 9f; // an exact tie at the top: the earlier row first
        ActivationSet a = ActivationSet.of(x, rows, d);
        float[] max = new float[d];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < d; j++) {
                max[j] = Math.max(max[j], x[r * d + j]);
            }
        }
        UnitScan s = new UnitScan(max, 20, 10, 5, 40);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < d; j++) {
                if (x[r * d + j] > 0) {
                    s.add(r, j, x[r * d + j]);
                }
            }
        }
        int[][] top = NeuronStats.topRows(a, 20, 0.0);
        for (int j = 0; j < d; j++) {
            assertArrayEquals(top[j], s.top(j), "neuron " + j + " top rows as in neurons.csv");
            int fires = 0;
            for (int r = 0; r < rows; r++) {
                fires += x[r * d + j] > 0 ? 1 : 0;
            }
            assertEquals(fires, Arrays.stream(s.histogram(j)).sum());
            List<int[]> iv = s.intervalSamples(j);
            for (int k = 0; k < iv.size(); k++) {
                int inInterval = 0;
                for (int r = 0; r < rows; r++) {
                    float v = x[r * d + j];
                    inInterval += v > 0 && Math.min(9, (int) (v / max[j] * 10)) == k ? 1 : 0;
                }
                assertEquals(Math.min(5, inInterval), iv.get(k).length, "interval " + k);
                for (int r : iv.get(k)) {
                    float v = x[r * d + j];
                    assertTrue(
                            v > max[j] * k / 10 - 1e-6 && v <= max[j] * (k + 1) / 10 + 1e-6, v + " in interval " + k);
                }
            }
        }
        assertEquals(10, s.top(2)[0]);
        assertEquals(20, s.top(2)[1]);
    }
}
