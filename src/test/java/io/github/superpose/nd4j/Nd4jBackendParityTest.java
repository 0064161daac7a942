package io.github.superpose.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.superpose.core.Backend;
import io.github.superpose.core.JavaBackend;
import io.github.superpose.core.Op;
import io.github.superpose.core.Shapes;
import io.github.superpose.core.Tape;
import io.github.superpose.core.Tensor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every Backend method and every op on ND4J against JavaBackend, on seeded random shapes. Both
 * thresholds are 0, so every call here runs the ND4J kernels, never the Java fallback.
 * Tolerance: 1e-5 relative plus an absolute floor of 1e-5 × max(1, RMS of the expected array),
 * which absorbs float32 rounding where a value cancels to near 0 (sums in a different order).
 */
class Nd4jBackendParityTest {
    static final float REL = 1e-5f;
    static Backend nd;
    static final Backend JAVA = new JavaBackend(2);

    @BeforeAll
    static void load() {
        nd = Nd4jBackend.create(2, 0, 0);
    }

    static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        double ss = 0;
        for (float e : expected) {
            ss += (double) e * e;
        }
        double floor = REL * Math.max(1.0, Math.sqrt(ss / Math.max(1, expected.length)));
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs((double) actual[i] - expected[i]);
            if (!(err <= REL * Math.abs(expected[i]) + floor)) {
                fail(what + ": element " + i + " expected " + expected[i] + " but ND4J gave " + actual[i]);
            }
        }
    }

    static float[] uniform(Random rnd, int len, float lo, float hi) {
        float[] d = new float[len];
        for (int i = 0; i < len; i++) {
            d[i] = lo + (hi - lo) * rnd.nextFloat();
        }
        return d;
    }

    @Test
    void matmulWithTransposesStrideZeroAndAccumulate() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 64; trial++) {
            int batch = 1 + rnd.nextInt(4);
            int m = 1 + rnd.nextInt(9);
            int k = trial == 63 ? 300 : 1 + rnd.nextInt(9); // one long inner sum: summation order matters
            int n = 1 + rnd.nextInt(9);
            boolean transA = (trial & 1) != 0;
            boolean transB = (trial & 2) != 0;
            boolean accumulate = (trial & 4) != 0;
            int aStride = (trial & 8) != 0 ? 0 : m * k;
            int bStride = (trial & 16) != 0 ? 0 : k * n;
            float[] a = uniform(rnd, aStride == 0 ? m * k : batch * m * k, -1, 1);
            float[] b = uniform(rnd, bStride == 0 ? k * n : batch * k * n, -1, 1);
            float[] init = uniform(rnd, batch * m * n, -1, 1);
            float[] want = init.clone();
            float[] got = init.clone();
            JAVA.matmul(a, aStride, transA, b, bStride, transB, want, batch, m, k, n, accumulate);
            nd.matmul(a, aStride, transA, b, bStride, transB, got, batch, m, k, n, accumulate);
            assertClose(
                    String.format(
                            "matmul trial %d batch=%d m=%d k=%d n=%d transA=%b transB=%b acc=%b strides %d,%d",
                            trial, batch, m, k, n, transA, transB, accumulate, aStride, bStride),
                    want,
                    got);
        }
    }

    /** Inputs inside each op's domain; RELU and ABS get exact zeros, where their derivative is defined as 0. */
    static float[] inputFor(Op op, Random rnd, int len) {
        switch (op) {
            case SQRT:
            case LOG:
                return uniform(rnd, len, 0.05f, 5f);
            case EXP:
                return uniform(rnd, len, -10f, 10f);
            default: {
                float[] x = uniform(rnd, len, -8f, 8f);
                for (int i = 0; i < len; i += 7) {
                    x[i] = 0f;
                }
                return x;
            }
        }
    }

    static final Op[] UNARY = {Op.RELU, Op.ABS, Op.SQUARE, Op.SQRT, Op.EXP, Op.LOG, Op.GELU_TANH, Op.GELU_ERF};

    @Test
    void unaryOpsAndTheirBackward() {
        Random rnd = new Random(12);
        for (Op op : UNARY) {
            for (int len : new int[] {1, 37, 4096 + 3}) {
                float[] x = inputFor(op, rnd, len);
                float[] want = new float[len];
                float[] got = new float[len];
                JAVA.unary(op, x, want);
                nd.unary(op, x, got);
                assertClose(op + " forward, length " + len, want, got);

                float[] gy = uniform(rnd, len, -1, 1);
                float[] gx0 = uniform(rnd, len, -1, 1);
                float[] gWant = gx0.clone();
                float[] gGot = gx0.clone();
                JAVA.unaryBackward(op, x, want, gy, gWant);
                nd.unaryBackward(op, x, want, gy, gGot);
                assertClose(op + " backward, length " + len, gWant, gGot);
            }
        }
    }

    /** Pairs of shapes that broadcast: equal, trailing, size-1 stretch on both sides, scalars. */
    static final int[][][] PAIRS = {
        {{3, 4}, {3, 4}},
        {{2, 3, 4}, {4}},
        {{2, 1, 4}, {1, 3, 1}},
        {{}, {2, 3}},
        {{5}, {}},
        {{2, 3, 4}, {2, 1, 4}},
        {{4, 1}, {3}},
        {{7, 1, 20}, {7, 64, 20}},
        {{}, {}},
    };

    @Test
    void binaryOpsBroadcast() {
        Random rnd = new Random(13);
        for (Op op : new Op[] {Op.ADD, Op.SUB, Op.MUL, Op.DIV}) {
            for (int[][] pair : PAIRS) {
                int[] outShape = Shapes.broadcast(pair[0], pair[1]);
                float[] a = uniform(rnd, Shapes.size(pair[0]), -2, 2);
                float[] b = uniform(rnd, Shapes.size(pair[1]), 0.5f, 2f); // away from 0 for DIV
                if (op != Op.DIV) {
                    b = uniform(rnd, b.length, -2, 2);
                }
                float[] want = new float[Shapes.size(outShape)];
                float[] got = new float[want.length];
                JAVA.binary(op, a, pair[0], b, pair[1], want, outShape);
                nd.binary(op, a, pair[0], b, pair[1], got, outShape);
                assertClose(op + " " + Arrays.toString(pair[0]) + " with " + Arrays.toString(pair[1]), want, got);
            }
        }
    }

    @Test
    void reduceToAndBroadcastAddAccumulate() {
        Random rnd = new Random(14);
        for (int[][] pair : PAIRS) {
            for (int side = 0; side < 2; side++) {
                int[] small = pair[side];
                int[] big = Shapes.broadcast(pair[0], pair[1]);
                float[] g = uniform(rnd, Shapes.size(big), -1, 1);
                float[] init = uniform(rnd, Shapes.size(small), -1, 1);
                float[] want = init.clone();
                float[] got = init.clone();
                JAVA.reduceTo(g, big, want, small);
                nd.reduceTo(g, big, got, small);
                assertClose("reduceTo " + Arrays.toString(big) + " -> " + Arrays.toString(small), want, got);

                float[] x = uniform(rnd, Shapes.size(small), -1, 1);
                float[] base = uniform(rnd, Shapes.size(big), -1, 1);
                float scale = side == 0 ? -0.5f : 1f;
                float[] bWant = base.clone();
                float[] bGot = base.clone();
                JAVA.broadcastAdd(x, small, bWant, big, scale);
                nd.broadcastAdd(x, small, bGot, big, scale);
                assertClose("broadcastAdd " + Arrays.toString(small) + " -> " + Arrays.toString(big), bWant, bGot);
            }
        }
    }

    @Test
    void transposeSwapsTheLastTwoAxes() {
        Random rnd = new Random(15);
        for (int trial = 0; trial < 10; trial++) {
            int batch = 1 + rnd.nextInt(4);
            int rows = 1 + rnd.nextInt(12);
            int cols = 1 + rnd.nextInt(12);
            float[] x = uniform(rnd, batch * rows * cols, -1, 1);
            float[] want = new float[x.length];
            float[] got = new float[x.length];
            JAVA.transpose(x, batch, rows, cols, want);
            nd.transpose(x, batch, rows, cols, got);
            assertClose("transpose " + batch + "x" + rows + "x" + cols, want, got);
        }
    }

    /** Loss and gradients of Σ_i mean importance·(x − ReLU(WᵀW x + b))² through the tape on one backend. */
    static float[][] lossAndGrads(Backend be) {
        Random rnd = new Random(16);
        int ni = 3;
        int batch = 64;
        int n = 20;
        int m = 5;
        Tensor W = Tensor.param(uniform(rnd, ni * n * m, -0.5f, 0.5f), ni, n, m);
        Tensor b = Tensor.param(uniform(rnd, ni * n, -0.1f, 0.1f), ni, 1, n);
        float[] imp = new float[n];
        for (int j = 0; j < n; j++) {
            imp[j] = (float) Math.pow(0.9, j);
        }
        float[] xs = uniform(rnd, ni * batch * n, 0, 1);
        for (int i = 0; i < xs.length; i++) {
            xs[i] = rnd.nextFloat() < 0.3f ? xs[i] : 0f;
        }
        Tensor x = Tensor.of(xs, ni, batch, n);
        Tape t = new Tape(be);
        Tensor out = t.relu(t.add(t.matmul(t.matmul(x, W), t.transpose(W)), b));
        Tensor err = t.mul(Tensor.of(imp, 1, 1, n), t.square(t.sub(x, out)));
        Tensor loss = t.sumAll(t.mean(t.mean(err, 2, false), 1, false));
        t.backward(loss);
        return new float[][] {{loss.item()}, W.grad(), b.grad()};
    }

    @Test
    void tapeForwardAndBackwardAgree() {
        float[][] want = lossAndGrads(JAVA);
        float[][] got = lossAndGrads(nd);
        assertClose("loss", want[0], got[0]);
        assertClose("dLoss/dW", want[1], got[1]);
        assertClose("dLoss/db", want[2], got[2]);
    }
}
