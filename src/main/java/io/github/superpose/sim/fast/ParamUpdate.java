package io.github.superpose.sim.fast;

/**
 * One optimizer step on one flat parameter array, elementwise, in float32 with the operation
 * order of PyTorch 1.13's single-tensor AdamW/Adam/SGD (scalars are computed in double and
 * rounded to float once, as ATen does when it multiplies a float tensor by a Python number).
 * Golden values: bench/golden_adamw.py. Both engines update through this class, so they round
 * alike.
 */
public final class ParamUpdate {
    private final OptimizerKind kind;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final float[] expAvg;
    private final float[] expAvgSq;
    /** decimal() of beta1, beta2 and weight decay, parsed once: string parsing every step showed in profiles. */
    private final double beta1D;

    private final double beta2D;
    private final double weightDecayD;

    /** @param size values in the parameter array this update owns moments for */
    public ParamUpdate(OptimizerKind kind, float beta1, float beta2, float eps, float weightDecay, int size) {
        this.kind = kind;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.beta1D = decimal(beta1);
        this.beta2D = decimal(beta2);
        this.weightDecayD = decimal(weightDecay);
        boolean adam = kind != OptimizerKind.SGD;
        this.expAvg = adam ? new float[size] : null;
        this.expAvgSq = adam ? new float[size] : null;
    }

    /** The first and second moments (live arrays; null for SGD). */
    public float[][] moments() {
        return expAvg == null ? null : new float[][] {expAvg, expAvgSq};
    }

    /** Sets the moments from a checkpoint: {@code m} and {@code v} from {@code offset}. */
    public void restoreMoments(float[] m, float[] v, int offset) {
        if (expAvg != null) {
            System.arraycopy(m, offset, expAvg, 0, expAvg.length);
            System.arraycopy(v, offset, expAvgSq, 0, expAvgSq.length);
        }
    }

    /**
     * Updates p in place from gradient grad (grad may be modified); {@code step} counts from 1.
     * Returns false if any updated parameter is NaN or infinite.
     */
    public boolean stepInPlace(float[] p, float[] grad, double lr, int step) {
        switch (kind) {
            case SGD:
                return sgd(p, grad, lr);
            case ADAM:
                addL2(p, grad);
                return adam(p, grad, lr, step, 1f);
            default:
                return adam(p, grad, lr, step, (float) (1.0 - lr * weightDecayD));
        }
    }

    /**
     * {@link #stepInPlace} from a gradient accumulated in double, rounded to float per value as a
     * separate conversion would, and cleared to zero for the next step: one pass over the
     * parameters instead of three (convert, update, clear). Same result bit for bit.
     */
    public boolean stepFromDouble(float[] p, double[] grad, double lr, int step) {
        if (kind == OptimizerKind.SGD) {
            float[] g = new float[p.length];
            for (int i = 0; i < p.length; i++) {
                g[i] = (float) grad[i];
                grad[i] = 0;
            }
            return sgd(p, g, lr);
        }
        boolean l2 = kind == OptimizerKind.ADAM && weightDecay != 0f;
        float decay = kind == OptimizerKind.ADAM ? 1f : (float) (1.0 - lr * weightDecayD);
        float b1 = beta1;
        float b2 = beta2;
        float oneMinusB1 = (float) (1.0 - beta1D);
        float oneMinusB2 = (float) (1.0 - beta2D);
        double bc1 = 1.0 - Math.pow(beta1D, step);
        double bc2 = 1.0 - Math.pow(beta2D, step);
        float stepSize = (float) -(lr / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        // finiteness as a min over the exponent bits left clear (0 only for NaN or ±∞): an int
        // reduction, which unlike a boolean one leaves the loop vectorisable
        int finiteBits = 0x7F800000;
        for (int i = 0; i < p.length; i++) {
            float gi = (float) grad[i];
            grad[i] = 0;
            if (l2) {
                gi = gi + weightDecay * p[i];
            }
            float pi = decay == 1f ? p[i] : p[i] * decay;
            float mi = expAvg[i] * b1 + oneMinusB1 * gi;
            float vi = expAvgSq[i] * b2 + oneMinusB2 * gi * gi;
            expAvg[i] = mi;
            expAvgSq[i] = vi;
            float denom = (float) Math.sqrt(vi) / bc2Sqrt + eps;
            pi = pi + stepSize * mi / denom;
            p[i] = pi;
            finiteBits = Math.min(finiteBits, ~Float.floatToRawIntBits(pi) & 0x7F800000);
        }
        return finiteBits != 0;
    }

    /**
     * The double a user typed for this float (0.9f -> 0.9), since PyTorch keeps betas and weight
     * decay as Python doubles and only rounds derived scalars such as 1 - beta1 to float.
     */
    static double decimal(float v) {
        return Double.parseDouble(Float.toString(v));
    }

    private void addL2(float[] p, float[] grad) {
        if (weightDecay != 0f) {
            for (int i = 0; i < p.length; i++) {
                grad[i] = grad[i] + weightDecay * p[i];
            }
        }
    }

    private boolean sgd(float[] p, float[] grad, double lr) {
        addL2(p, grad);
        float a = (float) -lr;
        boolean finite = true;
        for (int i = 0; i < p.length; i++) {
            // ATen computes add(p, g, alpha=-lr) as one fused multiply-add (golden test)
            float v = Math.fma(a, grad[i], p[i]);
            p[i] = v;
            finite &= Float.isFinite(v);
        }
        return finite;
    }

    private boolean adam(float[] p, float[] grad, double lr, int step, float decay) {
        float b1 = beta1;
        float b2 = beta2;
        float oneMinusB1 = (float) (1.0 - beta1D);
        float oneMinusB2 = (float) (1.0 - beta2D);
        double bc1 = 1.0 - Math.pow(beta1D, step);
        double bc2 = 1.0 - Math.pow(beta2D, step);
        float stepSize = (float) -(lr / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        boolean finite = true;
        for (int i = 0; i < p.length; i++) {
            float gi = grad[i];
            float pi = decay == 1f ? p[i] : p[i] * decay;
            float mi = expAvg[i] * b1 + oneMinusB1 * gi;
            float vi = expAvgSq[i] * b2 + oneMinusB2 * gi * gi;
            expAvg[i] = mi;
            expAvgSq[i] = vi;
            float denom = (float) Math.sqrt(vi) / bc2Sqrt + eps;
            pi = pi + stepSize * mi / denom;
            p[i] = pi;
            finite &= Float.isFinite(pi);
        }
        return finite;
    }
}
