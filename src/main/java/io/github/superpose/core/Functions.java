package io.github.superpose.core;

/** Scalar special functions shared by the backends (erf for exact GELU). */
public final class Functions {
    static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
    static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    private Functions() {}

    /** erf(x) with relative error below 1.2e-7 (Chebyshev-fitted erfc), ample for float32. */
    public static double erf(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double poly = -z * z
                - 1.26551223
                + t
                        * (1.00002368
                                + t
                                        * (0.37409196
                                                + t
                                                        * (0.09678418
                                                                + t
                                                                        * (-0.18628806
                                                                                + t
                                                                                        * (0.27886807
                                                                                                + t
                                                                                                        * (-1.13520398
                                                                                                                + t
                                                                                                                        * (1.48851587
                                                                                                                                + t
                                                                                                                                        * (-0.82215223
                                                                                                                                                + t
                                                                                                                                                        * 0.17087277))))))));
        double erfc = t * Math.exp(poly);
        return x >= 0 ? 1.0 - erfc : erfc - 1.0;
    }

    /** GELU, tanh form: 0.5 x (1 + tanh(√(2/π)(x + 0.044715 x³))). */
    public static double geluTanh(double x) {
        return 0.5 * x * (1.0 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
    }

    public static double geluTanhGrad(double x) {
        double u = SQRT_2_OVER_PI * (x + 0.044715 * x * x * x);
        double th = Math.tanh(u);
        double du = SQRT_2_OVER_PI * (1.0 + 3.0 * 0.044715 * x * x);
        return 0.5 * (1.0 + th) + 0.5 * x * (1.0 - th * th) * du;
    }

    /** GELU, exact form: x Φ(x) = 0.5 x (1 + erf(x/√2)). */
    public static double geluErf(double x) {
        return 0.5 * x * (1.0 + erf(x / Math.sqrt(2.0)));
    }

    public static double geluErfGrad(double x) {
        return 0.5 * (1.0 + erf(x / Math.sqrt(2.0))) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }
}
