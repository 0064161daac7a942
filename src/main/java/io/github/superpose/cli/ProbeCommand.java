package io.github.superpose.cli;

import io.github.superpose.bridge.BridgeInputException;
import io.github.superpose.bridge.Probe;
import io.github.superpose.bridge.ProbeConfig;
import io.github.superpose.bridge.ProbeResult;
import io.github.superpose.bridge.SaeConfig;
import io.github.superpose.bridge.SaeOptions;
import io.github.superpose.experiments.RunStore;
import io.github.superpose.experiments.SpecException;
import io.github.superpose.plots.DHistogram;
import io.github.superpose.plots.FigureWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./sim probe}: neuron statistics, an SAE and superposition measures for a transformer MLP layer. */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Probe MLP neurons for polysemanticity and superposition.",
            "  ./sim probe --text sentences.txt --layer 0          (bundled all-MiniLM-L6-v2)",
            "  ./sim probe --model model.onnx --text FILE --layer 3 (a BERT ONNX export with tokenizer.json beside it)",
            "  ./sim probe --model ~/gpt2 --text FILE --layer 5     (a Hugging Face GPT-2 folder: config.json and",
            "                                                        model.safetensors; adds CE loss recovered)",
            "  ./sim probe --acts acts.npz                          (a dump: 'acts' [N, d_mlp] or [batch, pos, d_mlp],",
            "                                                        optional 'tokens', 'labels')",
            "Writes config.json, metrics.json, neurons.csv (per neuron: firing rate, moments, top words with",
            "their activations, effective number of concepts), sae/ (SAELens layout), d-histogram.png/.svg and",
            "pages/index.html: a sortable table of every neuron and alive SAE latent, one page each with its",
            "top contexts shaded by activation, examples across its range, histogram and related units.",
            "Text: UTF-8, one sentence per line within the model's context (longer lines are refused).",
            "A WordNet corpus: python3 examples/wordnet-corpus.py --sentences 20000 > wordnet.txt"
        })
final class ProbeCommand implements Callable<Integer> {
    @Option(
            names = "--model",
            paramLabel = "PATH",
            description = "ONNX BERT (file or folder) or GPT-2 folder (default: bundled MiniLM)")
    Path model;

    @Option(
            names = "--text",
            paramLabel = "FILE",
            description = "one sentence per line (optionally LABEL<TAB>sentence)")
    Path text;

    @Option(names = "--acts", paramLabel = "FILE", description = "activation dump (.npy or .npz)")
    Path acts;

    @Option(names = "--layer", paramLabel = "L", defaultValue = "0", description = "MLP layer (default 0)")
    int layer;

    @Option(names = "--out", paramLabel = "DIR", description = "run folder (default runs/probe-TIMESTAMP)")
    Path out;

    @Option(
            names = "--sae",
            paramLabel = "KIND",
            defaultValue = "batchtopk",
            description = "relu, topk, batchtopk or jumprelu (default batchtopk)")
    String sae;

    @Option(names = "--latents", paramLabel = "N", defaultValue = "0", description = "SAE latents (default 2 × d_mlp)")
    int latents;

    @Option(
            names = "--k",
            paramLabel = "K",
            defaultValue = "0",
            description = "active latents per row for (batch)topk (default d_mlp / 8 within 1..64: 64 for MiniLM)")
    int k;

    @Option(
            names = "--l1",
            paramLabel = "λ",
            description = "sparsity coefficient: L1 for relu (default 1), L0 for jumprelu (default 0.1)")
    Double l1;

    @Option(names = "--sae-steps", paramLabel = "N", defaultValue = "300", description = "SAE training steps")
    int saeSteps;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "128", description = "SAE batch rows")
    int batch;

    @Option(
            names = "--sae-lr",
            paramLabel = "LR",
            defaultValue = "3e-3",
            description = "SAE Adam learning rate (default ${DEFAULT-VALUE})")
    double saeLr;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0")
    long seed;

    @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: all cores)")
    Integer threads;

    @Option(names = "--quiet", description = "no progress")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if ((text == null) == (acts == null)) {
            throw new SpecException("probe: give exactly one of --text FILE or --acts FILE");
        }
        SaeConfig.Kind kind = SaeOptions.kind(sae, "--sae");
        // the SAE options are checked now, before the model runs, with the rules `sae train` uses; d_mlp is
        // not known yet, so the latent count and memory are checked again once the activations are in
        try {
            SaeOptions.config(sae, 8, latents == 0 ? Math.max(8, k) : latents, k, l1, saeSteps, batch, saeLr, seed);
        } catch (BridgeInputException e) {
            // the validator names sae train's flags; two of probe's are spelled differently
            String flag = switch (e.source()) {
                case "--steps" -> "--sae-steps";
                case "--kind" -> "--sae";
                case "--lr" -> "--sae-lr";
                default -> e.source();
            };
            throw new BridgeInputException(flag, e.problem());
        }
        double sparsity = l1 != null ? l1 : SaeOptions.defaultSparsity(kind);
        Path dir = out != null ? out : RunStore.defaultFolder(Path.of("runs"), "probe");
        ProbeConfig cfg = text != null ? ProbeConfig.forText(model, text, layer, dir) : ProbeConfig.forActs(acts, dir);
        cfg = cfg.withSae(kind, latents, k, sparsity, saeSteps, batch)
                .withLr(saeLr)
                .withSeed(seed);
        if (threads != null) {
            cfg = cfg.withThreads(threads);
        }
        ProbeResult r = Probe.run(cfg, quiet ? (s, d, t) -> {} : new StageProgress());
        FigureWriter.write(
                DHistogram.of(
                        "feature dimensionality D_i of the SAE's alive decoder directions (" + r.source() + ")",
                        List.of(new DHistogram.Series(
                                "SAE features", r.superposition().dimensionality())),
                        40),
                dir,
                "d-histogram");
        System.out.printf(
                "%s: %d rows × %d neurons, %d dead neurons%n", r.source(), r.rows(), r.dMlp(), r.deadNeurons());
        System.out.printf(
                "SAE: L0 %.2f, explained variance %.3f, dead latents %d; Σ D_i = %.1f over %d alive features "
                        + "in %d dimensions%n",
                r.sae().l0(),
                r.sae().explainedVariance(),
                r.sae().deadCount(),
                r.superposition().sumDimensionality(),
                r.superposition().features(),
                r.superposition().dim());
        if (r.ceLoss() != null) {
            System.out.printf(
                    "CE loss recovered %.3f (CE clean %.4f, with SAE %.4f, hook_post zero-ablated %.4f; %d "
                            + "predictions)%n",
                    r.ceLoss().score(),
                    r.ceLoss().clean(),
                    r.ceLoss().sae(),
                    r.ceLoss().zeroAblation(),
                    r.ceLoss().predictions());
        }
        System.out.println("pages: " + dir.resolve("pages").resolve("index.html"));
        System.out.println("run folder: " + dir);
        return 0;
    }

    /** One progress line per stage on stderr, throttled. */
    static final class StageProgress implements io.github.superpose.bridge.ProgressListener {
        private String stage = "";
        private long last;

        @Override
        public void update(String s, long done, long total) {
            long now = System.nanoTime();
            if (!s.equals(stage) || done >= total || now - last > 2_000_000_000L) {
                System.err.printf("probe: %s %d/%d%n", s, done, total);
                stage = s;
                last = now;
            }
        }
    }
}
