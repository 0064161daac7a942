package io.github.superpose.bridge;

/** Small vector kernels of the fused SAE step: axpy, a dot product and a k-th smallest selection. */
final class SaeVectors {
    private SaeVectors() {}

    /** y[yo..yo+len) += a·w[wo..wo+len) (a plain multiply and add: C2 vectorises it, not Math.fma). */
    static void axpy(float[] y, int yo, float a, float[] w, int wo, int len) {
        for (int j = 0; j < len; j++) {
            y[yo + j] += a * w[wo + j];
        }
    }

    /**
     * Σ a[ao+i]·b[bo+i] over [0, len) as four interleaved partial sums added at the end (more work in
     * flight than one chain; the order is fixed, so the value is too).
     */
    static float dot(float[] a, int ao, float[] b, int bo, int len) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = 0;
        for (; i + 4 <= len; i += 4) {
            s0 = Math.fma(a[ao + i], b[bo + i], s0);
            s1 = Math.fma(a[ao + i + 1], b[bo + i + 1], s1);
            s2 = Math.fma(a[ao + i + 2], b[bo + i + 2], s2);
            s3 = Math.fma(a[ao + i + 3], b[bo + i + 3], s3);
        }
        for (; i < len; i++) {
            s0 = Math.fma(a[ao + i], b[bo + i], s0);
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * The value that would sit at index {@code rank} if a[0, n) were sorted ascending; reorders
     * a[0, n). Quickselect with a median-of-three pivot and a three-way partition (many equal values,
     * such as zeros, cost one pass).
     */
    static float select(float[] a, int n, int rank) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            float pivot = median(a[lo], a[lo + (hi - lo) / 2], a[hi]);
            int lt = lo;
            int gt = hi;
            int i = lo;
            while (i <= gt) {
                float v = a[i];
                if (v < pivot) {
                    a[i++] = a[lt];
                    a[lt++] = v;
                } else if (v > pivot) {
                    a[i] = a[gt];
                    a[gt--] = v;
                } else {
                    i++;
                }
            }
            if (rank < lt) {
                hi = lt - 1;
            } else if (rank > gt) {
                lo = gt + 1;
            } else {
                return pivot;
            }
        }
        return a[lo];
    }

    private static float median(float a, float b, float c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
