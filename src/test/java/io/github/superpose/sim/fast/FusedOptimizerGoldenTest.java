package io.github.superpose.sim.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** One and two optimizer steps from hand-set parameters and gradients against PyTorch 1.13. */
class FusedOptimizerGoldenTest {
    private static final float[] P0 = {0.5f, -1.25f, 0.0f, 3.0f, -0.001f, 1e-4f};
    private static final float[] G1 = {0.1f, -0.2f, 0.3f, 1e-5f, -7.0f, 0.0f};
    private static final float[] G2 = {-0.05f, 0.4f, 0.3f, 2.0f, 1e-3f, 1e-6f};

    // Printed by bench/golden_adamw.py (torch 1.13, float32).
    private static final float[][] ADAMW = {
        {
            0.49899500608444214f,
            -1.2489874362945557f,
            -0.0009999999310821295f,
            2.9989709854125977f,
            9.89530235528946e-09f,
            9.999899339163676e-05f
        },
        {
            0.4987236559391022f,
            -1.2493410110473633f,
            -0.0019999900832772255f,
            2.998196840286255f,
            0.0006699617952108383f,
            -0.0006337644881568849f
        },
    };
    private static final float[][] ADAM = {
        {
            0.49900001287460327f,
            -1.2489999532699585f,
            -0.0009999999310821295f,
            2.9990010261535645f,
            -1.1641532182693481e-10f,
            9.999999747378752e-05f
        },
        {
            0.49873366951942444f,
            -1.249366044998169f,
            -0.001999999862164259f,
            2.9982569217681885f,
            0.0006699517834931612f,
            -0.0006337624508887529f
        },
    };
    private static final float[][] SGD = {
        {
            0.4894999861717224f,
            -1.2287499904632568f,
            -0.030000001192092896f,
            2.9969990253448486f,
            0.6990010142326355f,
            9.989999671233818e-05f
        },
        {
            0.49401047825813293f,
            -1.2675212621688843f,
            -0.05997000262141228f,
            2.794002056121826f,
            0.6982020139694214f,
            9.97000970528461e-05f
        },
    };

    @Test
    void adamwMatchesPyTorch() {
        check(OptimizerKind.ADAMW, 1e-3, 0.01f, ADAMW);
    }

    @Test
    void adamMatchesPyTorch() {
        check(OptimizerKind.ADAM, 1e-3, 0f, ADAM);
    }

    @Test
    void sgdMatchesPyTorch() {
        check(OptimizerKind.SGD, 0.1, 0.01f, SGD);
    }

    private static void check(OptimizerKind kind, double lr, float wd, float[][] golden) {
        ParamUpdate u = new ParamUpdate(kind, 0.9f, 0.999f, 1e-8f, wd, P0.length);
        float[] p = P0.clone();
        float[][] grads = {G1, G2};
        for (int step = 1; step <= 2; step++) {
            u.stepInPlace(p, grads[step - 1].clone(), lr, step);
            for (int i = 0; i < p.length; i++) {
                float want = golden[step - 1][i];
                // one float ulp: ATen may contract a*b+c differently from Java's two roundings
                assertEquals(want, p[i], 0f, kind + " step " + step + " element " + i);
            }
        }
    }
}
