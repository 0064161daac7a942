package io.github.superpose.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference checks of every backward rule on seeded random shapes. The loss is
 * Σ f(x)·R for a fixed random R, so every output element's gradient path is exercised.
 */
class GradCheckTest {
    private static final Backend BE = new JavaBackend(2);

    /** Random parameter; {@code away} keeps values at least that far from 0 (kinks of relu/abs). */
    static Tensor param(Random rnd, float lo, float hi, float away, int... shape) {
        float[] d = new float[Shapes.size(shape)];
        for (int i = 0; i < d.length; i++) {
            float v;
            do {
                v = lo + (hi - lo) * rnd.nextFloat();
            } while (Math.abs(v) < away);
            d[i] = v;
        }
        return Tensor.param(d, shape);
    }

    static double lossOf(BiFunction<Tape, Tensor[], Tensor> f, Tensor[] xs, float[] r) {
        Tape t = new Tape(BE);
        Tensor y = f.apply(t, xs);
        double s = 0;
        for (int i = 0; i < y.data.length; i++) {
            s += (double) y.data[i] * r[i];
        }
        return s;
    }

    static void check(String name, long seed, BiFunction<Tape, Tensor[], Tensor> f, Tensor... xs) {
        Random rnd = new Random(seed);
        Tape probe = new Tape(BE);
        Tensor y0 = f.apply(probe, xs);
        float[] r = new float[y0.data.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) rnd.nextGaussian();
        }
        Tape t = new Tape(BE);
        Tensor y = f.apply(t, xs);
        t.backward(t.sumAll(t.mul(y, Tensor.of(r, y.shape()))));
        for (int p = 0; p < xs.length; p++) {
            Tensor x = xs[p];
            float[] analytic = x.grad.clone();
            x.zeroGradInPlace();
            for (int i = 0; i < x.data.length; i++) {
                float orig = x.data[i];
                float h = 1e-2f * Math.max(1f, Math.abs(orig));
                x.data[i] = orig + h;
                double up = lossOf(f, xs, r);
                x.data[i] = orig - h;
                double down = lossOf(f, xs, r);
                x.data[i] = orig;
                double numeric = (up - down) / (2 * h);
                double tol = 2e-2 * Math.max(1.0, Math.abs(numeric));
                assertEquals(numeric, analytic[i], tol, name + ": input " + p + " element " + i);
            }
        }
    }

    static int[] shape(Random rnd, int rank) {
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) {
            s[i] = 1 + rnd.nextInt(4);
        }
        return s;
    }

    @Test
    void elementwiseBinaryWithBroadcasting() {
        Random rnd = new Random(1);
        for (int trial = 0; trial < 6; trial++) {
            int[] a = shape(rnd, 3);
            int[][] others = {a.clone(), {a[1], 1}, {a[2]}, {}, {a[0], 1, a[2]}};
            for (int[] bShape : others) {
                Tensor x = param(rnd, -2, 2, 0, a);
                Tensor z = param(rnd, 0.5f, 2, 0, bShape);
                check("add", trial, (t, v) -> t.add(v[0], v[1]), x, z);
                check("sub", trial, (t, v) -> t.sub(v[0], v[1]), x, z);
                check("sub-rev", trial, (t, v) -> t.sub(v[1], v[0]), x, z);
                check("mul", trial, (t, v) -> t.mul(v[0], v[1]), x, z);
                check("div", trial, (t, v) -> t.div(v[0], v[1]), x, z);
            }
        }
    }

    @Test
    void batchedMatmulAndTranspose() {
        Random rnd = new Random(2);
        for (int trial = 0; trial < 6; trial++) {
            int i = 1 + rnd.nextInt(3);
            int m = 1 + rnd.nextInt(4);
            int k = 1 + rnd.nextInt(4);
            int n = 1 + rnd.nextInt(4);
            check(
                    "mm33",
                    trial,
                    (t, v) -> t.matmul(v[0], v[1]),
                    param(rnd, -1, 1, 0, i, m, k),
                    param(rnd, -1, 1, 0, i, k, n));
            check(
                    "mm32",
                    trial,
                    (t, v) -> t.matmul(v[0], v[1]),
                    param(rnd, -1, 1, 0, i, m, k),
                    param(rnd, -1, 1, 0, k, n));
            check(
                    "mm23",
                    trial,
                    (t, v) -> t.matmul(v[0], v[1]),
                    param(rnd, -1, 1, 0, m, k),
                    param(rnd, -1, 1, 0, i, k, n));
            check(
                    "mm22",
                    trial,
                    (t, v) -> t.matmul(v[0], v[1]),
                    param(rnd, -1, 1, 0, m, k),
                    param(rnd, -1, 1, 0, k, n));
            check("tied WᵀW", trial, (t, v) -> t.matmul(t.transpose(v[0]), v[0]), param(rnd, -1, 1, 0, i, m, k));
            check("reshape", trial, (t, v) -> t.reshape(v[0], i * m, k), param(rnd, -1, 1, 0, i, m, k));
        }
    }

    @Test
    void unaryOps() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 5; trial++) {
            int[] s = shape(rnd, 1 + rnd.nextInt(3));
            check("relu", trial, (t, v) -> t.relu(v[0]), param(rnd, -2, 2, 0.05f, s));
            check("abs", trial, (t, v) -> t.abs(v[0]), param(rnd, -2, 2, 0.05f, s));
            check("square", trial, (t, v) -> t.square(v[0]), param(rnd, -2, 2, 0, s));
            check("sqrt", trial, (t, v) -> t.sqrt(v[0]), param(rnd, 0.5f, 3, 0, s));
            check("exp", trial, (t, v) -> t.exp(v[0]), param(rnd, -2, 2, 0, s));
            check("log", trial, (t, v) -> t.log(v[0]), param(rnd, 0.5f, 3, 0, s));
            check("gelu-tanh", trial, (t, v) -> t.gelu(v[0], true), param(rnd, -3, 3, 0, s));
            check("gelu-erf", trial, (t, v) -> t.gelu(v[0], false), param(rnd, -3, 3, 0, s));
        }
    }

    @Test
    void reductions() {
        Random rnd = new Random(4);
        for (int trial = 0; trial < 5; trial++) {
            int[] s = shape(rnd, 3);
            for (int axis = -3; axis < 3; axis++) {
                final int ax = axis;
                check("sum", trial, (t, v) -> t.sum(v[0], ax, false), param(rnd, -1, 1, 0, s));
                check("sum-keep", trial, (t, v) -> t.sum(v[0], ax, true), param(rnd, -1, 1, 0, s));
                final boolean keep = trial % 2 == 0;
                check("mean", trial, (t, v) -> t.mean(v[0], ax, keep), param(rnd, -1, 1, 0, s));
            }
            check("sumAll", trial, (t, v) -> t.sumAll(v[0]), param(rnd, -1, 1, 0, s));
            check("meanAll", trial, (t, v) -> t.meanAll(v[0]), param(rnd, -1, 1, 0, s));
        }
    }

    @Test
    void compositionReusesATensorAndAccumulates() {
        Random rnd = new Random(5);
        // importance-weighted mse of a tied ReLU model, the loss the toy models train on
        Tensor w = param(rnd, -1, 1, 0, 2, 4, 3);
        Tensor b = param(rnd, -0.2f, 0.2f, 0, 2, 1, 4);
        Tensor x = Tensor.of(param(rnd, 0, 1, 0, 2, 5, 4).data, 2, 5, 4);
        Tensor imp = Tensor.of(new float[] {1f, 0.9f, 0.81f, 0.729f}, 4);
        check(
                "tied relu mse",
                9,
                (t, v) -> {
                    Tensor h = t.matmul(x, v[0]);
                    Tensor out = t.relu(t.add(t.matmul(h, t.transpose(v[0])), v[1]));
                    return t.meanAll(t.mul(imp, t.square(t.sub(x, out))));
                },
                w,
                b);
    }

    @Test
    void gradientIsIndependentOfThreadCount() {
        Random rnd = new Random(6);
        Tensor a1 = param(rnd, -1, 1, 0, 3, 64, 48);
        Tensor a2 = Tensor.param(a1.data.clone(), 3, 64, 48);
        float[][] grads = new float[2][];
        Tensor[] as = {a1, a2};
        for (int th = 1; th <= 2; th++) {
            Tape t = new Tape(new JavaBackend(th));
            Tensor a = as[th - 1];
            t.backward(t.sumAll(t.gelu(t.matmul(t.transpose(a), a), false)));
            grads[th - 1] = a.grad;
        }
        assertTrue(java.util.Arrays.equals(grads[0], grads[1]), "gradients differ between 1 and 2 threads");
    }
}
