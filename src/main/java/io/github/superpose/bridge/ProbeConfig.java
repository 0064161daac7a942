package io.github.superpose.bridge;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@link Probe#run} measures: either a model on a text file ({@code model} an ONNX BERT file or
 * a folder holding one and its tokenizer.json, null for the bundled all-MiniLM-L6-v2) or an
 * activation dump ({@code acts}, .npy/.npz), exactly one of {@code text} and {@code acts}.
 *
 * <pre>ProbeConfig c = ProbeConfig.forText(null, Path.of("sentences.txt"), 2, Path.of("runs/probe"));</pre>
 *
 * @param dSae     SAE latents, 0 for 2 × d_mlp
 * @param saeKind  RELU or JUMPRELU (with {@code l1}), TOPK or BATCHTOPK (with {@code k}, 0 = from d_in)
 * @param topK     max-activating examples kept per neuron
 * @param threads  threads of the plain-Java backend
 */
public record ProbeConfig(
        Path model,
        Path text,
        Path acts,
        int layer,
        Path out,
        SaeConfig.Kind saeKind,
        int dSae,
        int k,
        double l1,
        int steps,
        int batchSize,
        double lr,
        long seed,
        int topK,
        int threads) {

    public ProbeConfig {
        if ((text == null) == (acts == null)) {
            throw new BridgeInputException("--text/--acts", "give exactly one of a text file or an activation file");
        }
        if (out == null) {
            throw new BridgeInputException("--out", "an output folder is required");
        }
        if (steps < 0 || k < 0 || batchSize <= 0 || topK <= 0 || threads <= 0 || dSae < 0 || lr <= 0) {
            throw new BridgeInputException(
                    "probe options",
                    "steps >= 0, k >= 0, batch > 0, top-k > 0, threads > 0, d_sae >= 0" + " and lr > 0 are required");
        }
    }

    /** Capture {@code blocks.{layer}.mlp.hook_post} of a model on one sentence per line of {@code text}. */
    public static ProbeConfig forText(Path model, Path text, int layer, Path out) {
        return new ProbeConfig(
                model,
                text,
                null,
                layer,
                out,
                SaeConfig.Kind.BATCHTOPK,
                0,
                0,
                0,
                1000,
                128,
                DEFAULT_LR,
                0,
                NeuronStats.DEFAULT_TOP_K,
                Runtime.getRuntime().availableProcessors());
    }

    /** Measure a saved activation dump. */
    public static ProbeConfig forActs(Path acts, Path out) {
        return new ProbeConfig(
                null,
                null,
                acts,
                -1,
                out,
                SaeConfig.Kind.BATCHTOPK,
                0,
                0,
                0,
                1000,
                128,
                DEFAULT_LR,
                0,
                NeuronStats.DEFAULT_TOP_K,
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * The SAE's Adam learning rate unless set: 3e-3, against 1e-3 for {@code sae train}. Measured on the
     * README's probes (300 steps of 128 rows): explained variance 0.99 against 0.86 on 512 rows, 0.85
     * against 0.83 with 198 dead latents against 911 on 278,015 rows; latents revived late in a short
     * run need the larger steps to find their place.
     */
    public static final double DEFAULT_LR = 3e-3;

    /** The same probe with the SAE's learning rate lr. */
    public ProbeConfig withLr(double v) {
        return new ProbeConfig(
                model, text, acts, layer, out, saeKind, dSae, k, l1, steps, batchSize, v, seed, topK, threads);
    }

    /** The same probe with a different SAE: kind, latents (0 = 2 × d), k or λ, steps, batch. */
    public ProbeConfig withSae(SaeConfig.Kind kind, int latents, int kOrZero, double l1OrZero, int nSteps, int batch) {
        return new ProbeConfig(
                model, text, acts, layer, out, kind, latents, kOrZero, l1OrZero, nSteps, batch, lr, seed, topK,
                threads);
    }

    public ProbeConfig withSeed(long s) {
        return new ProbeConfig(
                model, text, acts, layer, out, saeKind, dSae, k, l1, steps, batchSize, lr, s, topK, threads);
    }

    public ProbeConfig withThreads(int t) {
        return new ProbeConfig(
                model, text, acts, layer, out, saeKind, dSae, k, l1, steps, batchSize, lr, seed, topK, t);
    }

    /**
     * The SAE configuration for activations of width {@code dIn}, checked by the validator that
     * {@code sae train} uses ({@link SaeOptions}): k of 0 is chosen from d_in, a k beyond the latents
     * or a step count of 0 is refused rather than clamped.
     */
    SaeConfig saeConfig(int dIn) {
        boolean penalised = saeKind == SaeConfig.Kind.RELU || saeKind == SaeConfig.Kind.JUMPRELU;
        return SaeOptions.config(
                saeKind.name().toLowerCase(Locale.ROOT),
                dIn,
                dSae > 0 ? dSae : 2 * dIn,
                k,
                penalised ? Double.valueOf(l1) : null,
                steps,
                batchSize,
                lr,
                seed);
    }
}
