package io.github.superpose.io;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded generators of arrays with random dtypes, ranks (0..4) and dims (0..5). */
final class RandomArrays {
    static final String[] DTYPES = {"f2", "f4", "f8", "i4", "i8", "u1", "b1"};

    private RandomArrays() {}

    static NdArray array(SplittableRandom rnd) {
        return array(rnd, DTYPES[rnd.nextInt(DTYPES.length)]);
    }

    static NdArray array(SplittableRandom rnd, String dtype) {
        long[] shape = new long[rnd.nextInt(5)];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = rnd.nextInt(6);
        }
        int n = (int) NdArray.elementCount(shape);
        switch (dtype) {
            case "f8":
                double[] d = new double[n];
                for (int i = 0; i < n; i++) {
                    d[i] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-5, 6));
                }
                return NdArray.ofDoubles(d, shape);
            case "i4":
                return NdArray.ofInts(rnd.ints(n).toArray(), shape);
            case "i8":
                return NdArray.ofLongs(rnd.longs(n).toArray(), shape);
            case "u1":
                byte[] b = new byte[n];
                for (int i = 0; i < n; i++) {
                    b[i] = (byte) rnd.nextInt(256);
                }
                return NdArray.ofBytes(b, shape);
            case "b1":
                boolean[] z = new boolean[n];
                for (int i = 0; i < n; i++) {
                    z[i] = rnd.nextBoolean();
                }
                return NdArray.ofBools(z, shape);
            default:
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = (float) rnd.nextGaussian();
                }
                NdArray a = NdArray.ofFloats(f, shape);
                return dtype.equals("f2") ? a.astype("f2") : a;
        }
    }

    /** One to four arrays named {@code a0, a1, ...}, in that order. */
    static Map<String, NdArray> arrays(SplittableRandom rnd) {
        Map<String, NdArray> m = new LinkedHashMap<>();
        int k = 1 + rnd.nextInt(4);
        for (int i = 0; i < k; i++) {
            m.put("a" + i, array(rnd));
        }
        return m;
    }
}
