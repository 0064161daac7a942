package io.github.superpose.bridge;

import io.github.superpose.core.Backend;
import io.github.superpose.core.JavaBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * The neuron probe behind {@code ./sim probe}: get MLP activations (capture a BERT's or a GPT-2's
 * {@code blocks.{layer}.mlp.hook_post} on a text file, or load a dump), compute per-neuron statistics,
 * train an SAE, measure superposition on its alive decoder rows, and write a run folder atomically:
 * config.json, metrics.json, neurons.csv, sae/ (SAELens layout) and pages/ (an index and a page per
 * neuron and alive SAE latent, {@link NeuronPages}). For a GPT-2 the SAE is also
 * scored by next-token cross-entropy with its reconstruction spliced in ({@link CeLossRecovered}).
 *
 * <pre>ProbeResult r = Probe.run(ProbeConfig.forActs(Path.of("acts.npz"), Path.of("runs/p1")), ProgressListener.NONE);</pre>
 *
 * Bad input (missing or malformed file, unsupported model, existing output folder) throws
 * {@link BridgeInputException} before anything is written.
 */
public final class Probe {
    /** Tokens each side of a max-activating token in neurons.csv. */
    static final int CONTEXT_RADIUS = 4;

    private Probe() {}

    public static ProbeResult run(ProbeConfig cfg, ProgressListener progress) {
        if (Files.exists(cfg.out())) {
            throw new BridgeInputException(cfg.out(), "output folder already exists");
        }
        Backend backend = new JavaBackend(cfg.threads());
        MiniLm model = null;
        Gpt2Model gpt2 = null;
        ActivationSet.TextLines lines = null;
        ActivationSet acts;
        if (cfg.acts() != null) {
            requireFile(cfg.acts());
            acts = ActivationSet.load(cfg.acts());
        } else if (Gpt2Weights.isCheckpointFolder(cfg.model())) {
            requireFile(cfg.text());
            ProbeText text = ProbeText.read(cfg.text());
            gpt2 = Gpt2Model.load(cfg.model(), backend);
            ActivationSet.checkLayer(cfg.layer(), gpt2.weights().nLayers());
            Gpt2Tokenizer tok = gpt2.tokenizer();
            text.checkLength(
                    s -> tok.encodeOrdinary(s).length + 1,
                    gpt2.weights().nPositions(),
                    "the model (n_positions, BOS included)");
            lines = text.textLines();
            acts = ActivationSet.capture(
                    gpt2, lines, cfg.layer(), progress, cfg.text().toString());
        } else {
            requireFile(cfg.text());
            ProbeText text = ProbeText.read(cfg.text());
            model = loadModel(cfg.model(), backend);
            ActivationSet.checkLayer(cfg.layer(), model.weights().nLayers());
            MiniLm m = model;
            text.checkLength(
                    s -> m.tokenizer().tokenize(s).size() + 2,
                    Math.min(MiniLm.MAX_LENGTH, m.weights().maxPositions()),
                    "the model ([CLS] and [SEP] included)");
            acts = model.captureSet(
                    text.texts(),
                    text.labels(),
                    cfg.layer(),
                    progress,
                    cfg.text().toString());
        }
        List<NeuronStats> neurons = NeuronStats.compute(acts, cfg.topK(), 0.0, CONTEXT_RADIUS);
        progress.update("stats", 1, 1);
        SaeConfig saeCfg = cfg.saeConfig(acts.dim());
        SaeTrainer.Result trained = SaeTrainer.train(saeCfg, acts, backend, progress);
        SparseAutoencoder sae = trained.sae();
        double recovered = Double.NaN;
        CeLossRecovered ce = null;
        if (model != null || gpt2 != null) {
            int n = trained.evalRows();
            float[] x = SaeTrainer.evalRows(acts, n);
            float[] xHat = sae.decode(sae.encode(x, n), n);
            float[] wOut = model != null
                    ? model.weights().layers().get(cfg.layer()).W_out()
                    : gpt2.weights().blocks().get(cfg.layer()).W_out();
            int dModel =
                    model != null ? model.weights().dModel() : gpt2.weights().dModel();
            recovered = SaeMetrics.mlpOutLossRecovered(x, xHat, n, acts.dim(), wOut, dModel);
        }
        if (gpt2 != null) {
            int d = acts.dim();
            ce = CeLossRecovered.measure(
                    gpt2,
                    lines.texts(),
                    cfg.layer(),
                    rows -> sae.decode(sae.encode(rows, rows.length / d), rows.length / d),
                    progress);
        }
        Superposition sup = Superposition.ofSae(trained.sae(), trained.metrics().density());
        double[] participation = sup.neuronParticipation();
        if (participation.length != acts.dim()) { // no alive latent: no feature loads on any neuron
            participation = new double[acts.dim()];
            java.util.Arrays.fill(participation, Double.NaN);
        }
        int dead = (int) neurons.stream().filter(NeuronStats::dead).count();
        ProbeResult result = new ProbeResult(
                cfg.out(),
                acts.source(),
                acts.rows(),
                acts.dim(),
                neurons,
                dead,
                trained.metrics(),
                recovered,
                ce,
                sup,
                spearman(neurons, participation, acts.hasTokens()));
        String hook = cfg.acts() != null ? "acts" : TransformerOps.blockName(cfg.layer(), TransformerOps.MLP_POST);
        NeuronPages.Inputs pages = new NeuronPages.Inputs(
                acts,
                neurons,
                participation,
                sae,
                hook,
                gpt2 == null ? null : gpt2.logitLens(cfg.layer()),
                cfg.threads());
        try {
            ProbeWriter.writeAtomically(cfg, saeCfg, result, trained, hook, pages, progress);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write run folder " + cfg.out() + ": " + e.getMessage(), e);
        }
        return result;
    }

    private static void requireFile(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new BridgeInputException(p, "file not found");
        }
    }

    /**
     * null → the bundled all-MiniLM-L6-v2 (a folder with model.safetensors is a GPT-2, handled by
     * {@link Gpt2Model}); an .onnx file → that BERT with the tokenizer.json beside it
     * (or NAME-tokenizer.json); a folder → the one .onnx file and tokenizer.json in it.
     */
    static MiniLm loadModel(Path model, Backend backend) {
        if (model == null) {
            return MiniLm.load(backend);
        }
        Path onnx = model;
        if (Files.isDirectory(model)) {
            try (var files = Files.list(model)) {
                List<Path> found =
                        files.filter(f -> f.toString().endsWith(".onnx")).toList();
                if (found.isEmpty()) {
                    throw new BridgeInputException(
                            model,
                            "holds neither model.safetensors (or model.safetensors.index"
                                    + ".json) for a GPT-2 folder nor an .onnx file for a BERT export");
                }
                if (found.size() > 1) {
                    throw new BridgeInputException(
                            model,
                            "holds " + found.size() + " .onnx files; name one with --model" + " FOLDER/NAME.onnx");
                }
                onnx = found.get(0);
            } catch (IOException e) {
                throw new BridgeInputException(model, "cannot list folder: " + e.getMessage(), e);
            }
        } else if (!Files.isRegularFile(model) || !model.toString().endsWith(".onnx")) {
            throw new BridgeInputException(model, "model must be an .onnx file or a folder holding one");
        }
        String base = onnx.getFileName().toString().replaceFirst("\\.onnx$", "");
        Path tok = onnx.resolveSibling(base + "-tokenizer.json");
        if (!Files.exists(tok)) {
            tok = onnx.resolveSibling("tokenizer.json");
        }
        if (!Files.exists(tok)) {
            throw new BridgeInputException(onnx, "no tokenizer.json (or " + base + "-tokenizer.json) beside the model");
        }
        return MiniLm.load(onnx, tok, backend);
    }

    /** Spearman ρ over alive neurons of SAE participation ratio vs effective number of top-k tokens. */
    static double spearman(List<NeuronStats> neurons, double[] participation, boolean hasTokens) {
        if (!hasTokens) {
            return Double.NaN;
        }
        List<double[]> pairs = new ArrayList<>();
        for (NeuronStats s : neurons) {
            if (!s.dead() && Double.isFinite(s.effectiveTokens())) {
                pairs.add(new double[] {participation[s.neuron()], s.effectiveTokens()});
            }
        }
        if (pairs.size() < 3) {
            return Double.NaN;
        }
        double[] a = pairs.stream().mapToDouble(p -> p[0]).toArray();
        double[] b = pairs.stream().mapToDouble(p -> p[1]).toArray();
        return new SpearmansCorrelation().correlation(a, b);
    }
}
