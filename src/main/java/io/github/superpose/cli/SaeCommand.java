package io.github.superpose.cli;

import io.github.superpose.bridge.ActivationSet;
import io.github.superpose.bridge.SaeConfig;
import io.github.superpose.bridge.SaeLensFormat;
import io.github.superpose.bridge.SaeMetrics;
import io.github.superpose.bridge.SaeOptions;
import io.github.superpose.bridge.SaeRecovery;
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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./sim sae train|eval}: sparse autoencoders on an activation dump, saved in SAELens layout. */
@Command(
        name = "sae",
        mixinStandardHelpOptions = true,
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

    @Command(
            name = "train",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "Train an SAE; writes DIR/sae_weights.safetensors, DIR/cfg.json (SAELens) and DIR/metrics.json.",
                "Input: an activation dump (--acts), or a toy run's hidden activations h = W x on fresh samples",
                "(--from-run), in which case the known feature directions W_f are scored too (recovery.json).",
                "Defaults from d_in: 4 x d_in latents (at least 8), k = d_in/8 rounded within [1, 64];",
                "dead latents are resampled every steps/4 steps (not in the last 20%%)."
            })
    static final class Train implements Callable<Integer> {
        @Option(names = "--acts", paramLabel = "FILE", description = "activation dump (.npy/.npz with 'acts')")
        Path acts;

        @Option(names = "--from-run", paramLabel = "RUN_DIR", description = "a toy run folder (./sim run)")
        Path fromRun;

        @Option(
                names = "--instance",
                paramLabel = "I",
                defaultValue = "0",
                description = "which instance of the run (default: ${DEFAULT-VALUE})")
        int instance;

        @Option(
                names = "--samples",
                paramLabel = "N",
                defaultValue = "40000",
                description = "fresh samples drawn from the run (default: ${DEFAULT-VALUE})")
        int samples;

        @Option(names = "--out", paramLabel = "DIR", description = "output folder (default runs/sae-TIMESTAMP)")
        Path out;

        @Option(
                names = "--kind",
                defaultValue = SaeOptions.DEFAULT_KIND,
                description = "relu, topk, batchtopk or jumprelu (default: ${DEFAULT-VALUE})")
        String kind;

        @Option(names = "--latents", defaultValue = "0", description = "latents (default 4 x d_in, at least 8)")
        int latents;

        @Option(
                names = "--k",
                defaultValue = "0",
                description = "active latents per row for topk/batchtopk (default d_in/8 rounded, within [1, 64])")
        int k;

        @Option(
                names = "--l1",
                description = "sparsity coefficient: L1 for relu (default 1), L0 for jumprelu (default 0.1)")
        Double l1;

        @Option(names = "--steps", defaultValue = "3000", description = "default: ${DEFAULT-VALUE}")
        int steps;

        @Option(names = "--batch", defaultValue = "256", description = "default: ${DEFAULT-VALUE}")
        int batch;

        @Option(
                names = "--lr",
                defaultValue = "1e-3",
                description = "Adam learning rate in (0, 1] (default: ${DEFAULT-VALUE})")
        double lr;

        @Option(names = "--seed", defaultValue = "0")
        long seed;

        @Option(names = "--threads", defaultValue = "0", description = "threads (default: all processors)")
        int threads;

        @Option(names = "--quiet", description = "no progress bar")
        boolean quiet;

        @Override
        public Integer call() throws Exception {
            if ((acts == null) == (fromRun == null)) {
                throw new SpecException("sae train: give exactly one of --acts FILE or --from-run RUN_DIR");
            }
            if (fromRun != null && (samples < 1 || samples > 10_000_000)) {
                throw new SpecException("--samples: " + samples + " is outside 1..10000000");
            }
            if (threads < 0 || threads > 1024) {
                throw new SpecException("--threads: " + threads + " is outside 0..1024");
            }
            RunActivations run = fromRun == null ? null : RunActivations.sample(fromRun, instance, samples, seed);
            ActivationSet data = run != null ? run.acts() : ActivationSet.load(acts);
            SaeConfig cfg = SaeOptions.config(kind, data.dim(), latents, k, l1, steps, batch, lr, seed);
            Path dir = out != null ? out : RunStore.defaultFolder(Path.of("runs"), "sae");
            Path tmp = RunStore.reserve(dir);
            try {
                Progress bar = new Progress("sae", quiet);
                SaeTrainer.Result r = SaeTrainer.train(
                        cfg,
                        data,
                        threads > 0 ? new JavaBackend(threads) : new JavaBackend(),
                        (stage, done, total) -> bar.onProgress(done, total));
                String hook = run != null ? run.name() + ".hidden[" + instance + "]" : "acts";
                SaeLensFormat.save(
                        tmp,
                        r.sae(),
                        hook,
                        run != null ? run.name() : acts.getFileName().toString());
                Map<String, Object> m = metrics(
                        r.metrics(), Superposition.ofSae(r.sae(), r.metrics().density()));
                m.put("dead_latents_at_first_resampling", r.deadBefore());
                m.put("resampled", r.resampled());
                AtomicFiles.writeStringAtomically(tmp.resolve("metrics.json"), RunStore.toJson(m));
                SaeRecovery rec = run == null ? null : SaeRecovery.of(run.directions(), r.sae(), r.metrics());
                if (rec != null) {
                    AtomicFiles.writeStringAtomically(
                            tmp.resolve("recovery.json"), RunStore.toJson(recovery(rec, run)));
                }
                RunStore.commit(tmp, dir);
                System.out.printf(
                        Locale.ROOT,
                        "SAE %s, %d latents, k %d: L0 %.2f, explained variance %.3f, dead latents "
                                + "%s at the first resampling, %d at the end (%d resampled)%n",
                        cfg.kind().name().toLowerCase(Locale.ROOT),
                        cfg.dSae(),
                        cfg.k(),
                        r.metrics().l0(),
                        r.metrics().explainedVariance(),
                        r.deadBefore() < 0 ? "-" : Integer.toString(r.deadBefore()),
                        r.metrics().deadCount(),
                        r.resampled());
                if (rec != null) {
                    System.out.printf(
                            Locale.ROOT,
                            "recovery of %d represented features (of %d): mean max cosine %.3f, " + "%d above %.1f%n",
                            rec.features(),
                            run.features(),
                            rec.meanMaxCosine(),
                            rec.recovered(),
                            SaeRecovery.GOOD);
                }
                System.out.printf("saved to %s%n", dir);
            } catch (Exception | Error e) {
                RunStore.discard(tmp);
                throw e;
            }
            return 0;
        }

        static Map<String, Object> recovery(SaeRecovery rec, RunActivations run) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("features", run.features());
            out.put("represented_features", rec.features());
            out.put("mean_max_cosine", rec.meanMaxCosine());
            out.put("recovered_above_0_9", rec.recovered());
            out.put("max_cosines", rec.maxCosines());
            out.put("dead_latents", rec.deadLatents());
            return out;
        }
    }

    @Command(
            name = "eval",
            mixinStandardHelpOptions = true,
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
