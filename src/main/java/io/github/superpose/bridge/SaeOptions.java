package io.github.superpose.bridge;

import java.util.Locale;

/**
 * The settings of an SAE, checked before anything is trained, for every command that trains one
 * ({@code sae train} and {@code probe}): defaults chosen from d_in, and one
 * {@link BridgeInputException} naming the option and what was expected for anything out of range.
 *
 * <p>Defaults: 4 × d_in latents (at least 8) and k = d_in / 8 rounded, within [1, 64], so a
 * 32-dimensional input gets 128 latents with 4 active and a 1,536-dimensional one 6,144 with 64;
 * L1 coefficient 1 for ReLU; L0 coefficient 0.1 for JumpReLU (inputs are scaled to E‖x‖ = √d_in).
 *
 * <pre>SaeConfig c = SaeOptions.config("batchtopk", 32, 0, 0, null, 3000, 256, 1e-3, 0);</pre>
 */
public final class SaeOptions {
    /** Largest accepted learning rate: beyond it Adam's steps leave any sensible scale. */
    public static final double MAX_LR = 1.0;

    public static final int MAX_STEPS = 100_000_000;
    public static final int MAX_BATCH = 1 << 20;
    /**
     * TopK: on 96 planted features in 32 dimensions with the defaults below it recovers 93 (BatchTopK,
     * same settings, 81), which is why {@code sae train} starts from it.
     */
    public static final String DEFAULT_KIND = "topk";

    private SaeOptions() {}

    /** relu, topk, batchtopk or jumprelu (any case), given as {@code --kind}. */
    public static SaeConfig.Kind kind(String name) {
        return kind(name, "--kind");
    }

    /** As {@link #kind(String)}, naming {@code option} (the command's flag) in a refusal. */
    public static SaeConfig.Kind kind(String name, String option) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "relu", "standard" -> SaeConfig.Kind.RELU;
            case "topk" -> SaeConfig.Kind.TOPK;
            case "batchtopk" -> SaeConfig.Kind.BATCHTOPK;
            case "jumprelu" -> SaeConfig.Kind.JUMPRELU;
            default ->
                throw new BridgeInputException(
                        option,
                        "'" + printable(name) + "' is not an SAE kind (expected relu, topk, batchtopk or jumprelu)");
        };
    }

    public static int defaultLatents(int dIn) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(8L, 4L * dIn));
    }

    public static int defaultK(int dIn) {
        return Math.max(1, Math.min(64, Math.round(dIn / 8f)));
    }

    public static double defaultSparsity(SaeConfig.Kind kind) {
        return kind == SaeConfig.Kind.JUMPRELU ? 0.1 : kind == SaeConfig.Kind.RELU ? 1.0 : 0.0;
    }

    /**
     * A checked training config. {@code latents} or {@code k} of 0 and {@code sparsity} null take the
     * defaults above; dead latents are resampled every steps / 4 ({@link #deadWindow}).
     */
    public static SaeConfig config(
            String kindName, int dIn, int latents, int k, Double sparsity, int steps, int batch, double lr, long seed) {
        SaeConfig.Kind kind = kind(kindName);
        int ds = latents == 0 ? defaultLatents(dIn) : latents;
        if (ds < 1) {
            throw new BridgeInputException("--latents", latents + " is not a positive number of latents");
        }
        boolean usesK = kind == SaeConfig.Kind.TOPK || kind == SaeConfig.Kind.BATCHTOPK;
        int kk = k == 0 ? Math.min(defaultK(dIn), ds) : k;
        if (usesK && (kk < 1 || kk > ds)) {
            throw new BridgeInputException("--k", k + " active latents is outside 1.." + ds + " (the latent count)");
        }
        double l1 = sparsity == null ? defaultSparsity(kind) : sparsity;
        if (!(l1 >= 0) || Double.isInfinite(l1)) {
            throw new BridgeInputException("--l1", sparsity + " is not a finite coefficient >= 0");
        }
        if (!(lr > 0 && lr <= MAX_LR)) {
            throw new BridgeInputException("--lr", lr + " is not a learning rate in (0, " + MAX_LR + "]");
        }
        if (steps < 1 || steps > MAX_STEPS) {
            throw new BridgeInputException("--steps", steps + " is outside 1.." + MAX_STEPS);
        }
        if (batch < 1 || batch > MAX_BATCH) {
            throw new BridgeInputException("--batch", batch + " is outside 1.." + MAX_BATCH);
        }
        checkMemory(dIn, ds, batch, latents == 0 ? "d_in " + dIn : "--latents " + ds);
        SaeConfig.Kind kd = kind;
        return new SaeConfig(
                kd,
                dIn,
                ds,
                l1,
                usesK ? kk : Math.max(1, kk),
                lr,
                steps,
                batch,
                seed,
                kd == SaeConfig.Kind.RELU ? Math.max(1, steps / 10) : 0,
                deadWindow(steps, batch),
                Math.max(1, steps / 4),
                true);
    }

    /**
     * Rows a latent must stay silent to count as dead: 20,000, but at most a tenth of the rows of the
     * whole run (and at least one batch), so short runs resample too.
     */
    static int deadWindow(int steps, int batch) {
        return (int) Math.max(batch, Math.min(20_000L, (long) steps * batch / 10));
    }

    /**
     * Bytes the fused trainer allocates: W_enc and W_dec with their gradients and two Adam moments
     * (8 · d_in · d_sae floats), and per batch the pre-activations, active lists and their gradients
     * (3 · batch · d_sae), plus the evaluation rows' latents (8,192 · d_sae).
     */
    public static long plannedBytes(int dIn, long dSae, int batch) {
        return 4L * (8L * dIn * dSae + 3L * batch * dSae + (long) SaeTrainer.EVAL_ROWS * dSae + 16L * dSae);
    }

    /** Refuses sizes whose arrays cannot be indexed or do not fit the Java heap. */
    public static void checkMemory(int dIn, long dSae, int batch, String what) {
        long planned = plannedBytes(dIn, dSae, batch);
        long heap = Runtime.getRuntime().maxMemory();
        boolean indexable = (long) dIn * dSae < Integer.MAX_VALUE
                && (long) batch * dSae < Integer.MAX_VALUE
                && (long) SaeTrainer.EVAL_ROWS * dSae < Integer.MAX_VALUE;
        if (!indexable || planned > heap) {
            throw new BridgeInputException(
                    what,
                    String.format(
                            Locale.ROOT,
                            "planned memory %.1f GiB for an SAE of %d latents on d_in %d (batch %d) exceeds the %.1f GiB Java heap%s",
                            planned / 1073741824.0,
                            dSae,
                            dIn,
                            batch,
                            heap / 1073741824.0,
                            indexable ? " (raise it with JAVA_OPTS=-Xmx…)" : " and exceeds Java's array limit"));
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(40).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? 0x3f : c));
        return b.toString();
    }
}
