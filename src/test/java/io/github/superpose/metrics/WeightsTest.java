package io.github.superpose.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WeightsTest {
    @Test
    void slicesInstanceRowMajor() {
        int inst = 3;
        int n = 4;
        int m = 2;
        float[] flat = new float[inst * n * m];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = i;
        }
        double[][] W = Weights.instance(flat, 1, n, m);
        // instance 1 starts after 8 values; feature 2 after 2 more rows of length 2
        assertArrayEquals(new double[] {12, 13}, W[2]);
        assertArrayEquals(new double[] {8, 9}, W[0]);
        assertArrayEquals(new double[] {22, 23}, Weights.instance(flat, 2, n, m)[3]);
        assertThrows(IllegalArgumentException.class, () -> Weights.instance(flat, 3, n, m));
    }

    @Test
    void slicesBias() {
        float[] b = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new double[] {4, 5, 6}, Weights.bias(b, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> Weights.bias(b, 2, 3));
    }
}
