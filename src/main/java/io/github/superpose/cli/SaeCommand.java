package io.github.superpose.cli;

import io.github.superpose.bridge.ActivationSet;
import io.github.superpose.bridge.SaeConfig;
import io.github.superpose.bridge.SaeLensFormat;
import io.github.superpose.bridge.SaeMetrics;
import io.github.superpose.bridge.SaeTrainer;
import io.github.superpose.bridge.SparseAutoencoder;
import io.github.superpose.bridge.Superposition;
import io.github.superpose.core.JavaBackend;
import io.github.superpose.experiments.RunStore;
import io.github.superpose.experiments.SpecException;
import io.github.superpose.io.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./sim sae train|eval}: sparse autoencoders on an activation dump, saved in SAELens layout. */
@Command(name = "sae", mixinStandardHelpOptions = true,
        description = "Train or evaluate a sparse autoencoder on activations (.npy/.npz with 'acts').",
        subcommands = {SaeCommand.Train.class, SaeCommand.Eval.class})
final class SaeCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static Map<String, Object> metrics(SaeMetrics m, Superposition s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rows", m.rows());
        out.put("l0", m.l0());
        out.put("mse", m.mse());
        out.put("explained_variance", m.explainedVariance());
        out.put("cosine_similarity", m.cosSim());
        out.put("l2_ratio", m.l2Ratio());
        out.put("relative_reconstruction_bias", m.relativeReconstructionBias());
        out.put("dead_latents", m.deadCount());
        out.put("density_histogram", m.densityHistogram());
        out.put("alive_features", s.features());
        out.put("sum_dimensionality", s.sumDimensionality());
        out.put("dimensionality", s.dimensionality());
        return out;
    }

    @Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Train an SAE; writes DIR/sae_weights.safetensors, DIR/cfg.json (SAELens) and DIR/metrics.json."})
    static final class Train implements Callable<Integer> {
        @Option(names = "--acts", required = true, paramLabel = "FILE", description = "activation dump")
        Path acts;

        @Option(names = "--out", paramLabel = "DIR", description = "output folder (default runs/sae-TIMESTAMP)")
        Path out;

        @Option(names = "--kind", defaultValue = "batchtopk", description = "relu, topk or batchtopk")
        String kind;

        @Option(names = "--latents", defaultValue = "0", description = "latents (default 2 × d_in)")
        int latents;

        @Option(names = "--k", defaultValue = "32", description = "active latents for (batch)topk")
        int k;

        @Option(names = "--l1", defaultValue = "1.0", description = "L1 coefficient for relu")
        double l1;

        @Option(names = "--steps", defaultValue = "3000")
        int steps;

        @Option(names = "--batch", defaultValue = "256")
        int batch;

        @Option(names = "--lr", defaultValue = "1e-3")
        double lr;

        @Option(names = "--seed", defaultValue = "0")
        long seed;

        @Override
        public Integer call() throws Exception {
            ActivationSet data = ActivationSet.load(acts);
            SaeConfig.Kind kd = ProbeCommand.kind(kind);
            int d = latents > 0 ? latents : 2 * data.dim();
            if (steps < 1 || batch < 1 || !(lr > 0) || (kd != SaeConfig.Kind.RELU && (k < 1 || k > d))) {
                throw new SpecException("sae train: need --steps >= 1, --batch >= 1, --lr > 0 and 1 <= --k <= latents");
            }
            SaeConfig cfg = new SaeConfig(kd, data.dim(), d, l1, Math.max(1, k), lr, steps, batch, seed,
                    kd == SaeConfig.Kind.RELU ? Math.max(1, steps / 10) : 0, 20_000, Math.max(1, steps / 4), true);
            Path dir = out != null ? out : RunStore.defaultFolder(Path.of("runs"), "sae");
            Path tmp = RunStore.reserve(dir);
            try {
                SaeTrainer.Result r = SaeTrainer.train(cfg, data, new JavaBackend(),
                        new ProbeCommand.StageProgress());
                SaeLensFormat.save(tmp, r.sae(), "acts", acts.getFileName().toString());
                AtomicFiles.writeStringAtomically(tmp.resolve("metrics.json"), RunStore.toJson(
                        metrics(r.metrics(), Superposition.ofSae(r.sae(), r.metrics().density()))));
                RunStore.commit(tmp, dir);
                System.out.printf("SAE %s: L0 %.2f, explained variance %.3f, dead latents %d%nsaved to %s%n", kind,
                        r.metrics().l0(), r.metrics().explainedVariance(), r.metrics().deadCount(), dir);
            } catch (Exception | Error e) {
                RunStore.discard(tmp);
                throw e;
            }
            return 0;
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "Evaluate a saved SAE (SAELens folder) on activations; prints metrics as JSON.")
    static final class Eval implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--sae", required = true, paramLabel = "DIR", description = "SAELens folder")
        Path sae;

        @Option(names = "--acts", required = true, paramLabel = "FILE", description = "activation dump")
        Path acts;

        @Override
        public Integer call() throws Exception {
            if (!Files.isDirectory(sae)) {
                throw new SpecException(sae + ": not an SAE folder");
            }
            SparseAutoencoder model = SaeLensFormat.load(sae, new JavaBackend());
            ActivationSet data = ActivationSet.load(acts);
            if (model.config().dIn() != data.dim()) {
                throw new SpecException(acts + ": activations have width " + data.dim() + ", the SAE in " + sae
                        + " expects " + model.config().dIn());
            }
            SaeMetrics m = SaeMetrics.evaluate(model, data.acts(), data.rows());
            spec.commandLine().getOut().println(RunStore.toJson(metrics(m, Superposition.ofSae(model, m.density()))));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
