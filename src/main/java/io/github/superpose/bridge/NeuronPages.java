package io.github.superpose.bridge;

import io.github.superpose.core.WorkerPool;
import io.github.superpose.metrics.Neurons;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The probe's pages, Neuroscope and SAEDashboard style, as static files: {@code index.html} (a
 * sortable, filterable table of every neuron and alive SAE latent) and one page per unit in
 * {@code neuron/N.html} and {@code latent/N.html} with its top activating contexts, examples from
 * quantile intervals of its activation range, its activation histogram, its related units (a
 * latent's decoder direction's largest neurons; a neuron's largest latents) and, for GPT-2, its
 * direct effect on the logits. Latents are encoded once over all rows ({@link LatentActs}).
 *
 * <pre>NeuronPages.write(dir.resolve("pages"), new NeuronPages.Inputs(acts, neurons, participation, sae, hook, null, 2), progress);</pre>
 */
final class NeuronPages {
    static final int TOP = NeuronStats.DEFAULT_TOP_K;
    static final int INTERVALS = 10;
    static final int PER_INTERVAL = 5;
    static final int BINS = 40;
    /** Tokens each side of an example's token. */
    static final int RADIUS = 8;
    /**
     * Rows the SAE encodes for the latent pages: encoding costs d_in × d_sae multiply-adds per row
     * (about 5 M for MiniLM's 1,536 × 3,072), so on a large corpus the latents are shown on its first
     * rows only, which the index says.
     */
    static final int LATENT_ROWS = 100_000;

    /**
     * What the pages are made from.
     *
     * @param participation per neuron, the SAE participation ratio (as in neurons.csv)
     * @param lens          a GPT-2's logit effects, or null
     * @param threads       cores for encoding the SAE latents (the result does not depend on it)
     */
    record Inputs(
            ActivationSet acts,
            List<NeuronStats> neurons,
            double[] participation,
            SparseAutoencoder sae,
            String hook,
            LogitLens lens,
            int threads) {}

    /** Direct logit effects of directions in the MLP's neuron space: [n, d_mlp] → [n, vocab]. */
    interface LogitLens {
        float[] logits(float[] mlpDirections, int n);

        int vocab();

        String token(int id);
    }

    /** One index row. */
    record Summary(
            boolean latent,
            int id,
            double firing,
            double max,
            double mean,
            double kurtosis,
            double effectiveConcepts,
            double participation,
            boolean dead,
            String topWords) {
        String href() {
            return (latent ? "latent/" : "neuron/") + id + ".html";
        }
    }

    private NeuronPages() {}

    /** Writes index.html and the unit pages under {@code dir}; returns the index's rows. */
    static List<Summary> write(Path dir, Inputs in, ProgressListener progress) throws IOException {
        ActivationSet a = in.acts();
        Words words = Words.of(a);
        int d = a.dim();
        int ds = in.sae().config().dSae();
        LatentActs f;
        try (WorkerPool workers = WorkerPool.forThreads(in.threads(), "pages")) {
            f = LatentActs.encode(in.sae(), a, LATENT_ROWS, workers, progress);
        }
        LatentActs.Moments lm = f.moments();

        float[] nMax = new float[d];
        for (NeuronStats s : in.neurons()) {
            nMax[s.neuron()] = (float) Math.max(0, s.max());
        }
        UnitScan nScan = new UnitScan(nMax, TOP, INTERVALS, PER_INTERVAL, BINS);
        float[] x = a.acts();
        for (int r = 0; r < a.rows(); r++) {
            for (int j = 0, o = r * d; j < d; j++) {
                if (x[o + j] > 0f) {
                    nScan.add(r, j, x[o + j]);
                }
            }
        }
        UnitScan lScan = new UnitScan(lm.max(), TOP, INTERVALS, PER_INTERVAL, BINS);
        f.scan(lScan);

        Related rel = Related.of(in.sae(), lm.firing());
        List<Summary> units = new ArrayList<>();
        for (NeuronStats s : in.neurons()) {
            units.add(new Summary(
                    false,
                    s.neuron(),
                    s.firingFrequency(),
                    s.max(),
                    s.mean(),
                    s.excessKurtosis(),
                    s.effectiveTokens(),
                    in.participation()[s.neuron()],
                    s.dead(),
                    topWords(s.top(), 5)));
        }
        int[][] latentTop = new int[ds][];
        for (int j = 0; j < ds; j++) {
            if (lm.firing()[j] == 0) {
                continue;
            }
            latentTop[j] = lScan.top(j);
            List<NeuronStats.TopExample> ex = examples(a, words, latentTop[j], f, j);
            units.add(new Summary(
                    true,
                    j,
                    lm.firing()[j],
                    lm.max()[j],
                    lm.mean()[j],
                    lm.kurtosis()[j],
                    effectiveTokens(ex, a.hasTokens()),
                    Neurons.participationRatio(rel.decoderRow(j)),
                    false,
                    topWords(ex, 5)));
        }
        LogitEffects logits = in.lens() == null ? null : LogitEffects.of(in.lens(), in.sae(), d, lm.firing());

        Files.createDirectories(dir.resolve("neuron"));
        Files.createDirectories(dir.resolve("latent"));
        int alive = (int) IntStream.range(0, ds).filter(j -> lm.firing()[j] > 0).count();
        String summary = a.rows() + " rows of " + a.source() + "; " + d + " neurons ("
                + in.neurons().stream().filter(NeuronStats::dead).count() + " dead) and " + alive + " of " + ds
                + " SAE latents alive on "
                + (f.rows == a.rows()
                        ? "these rows."
                        : "the first " + f.rows + " rows, on which the latents are shown.");
        Files.writeString(dir.resolve("style.css"), PageHtml.CSS + "\n");
        Files.writeString(dir.resolve("index.html"), PageHtml.index("Neurons of " + in.hook(), summary, units));
        try {
            IntStream.range(0, units.size()).parallel().forEach(i -> {
                Summary u = units.get(i);
                UnitScan scan = u.latent() ? lScan : nScan;
                PageHtml.Values v = u.latent() ? r -> f.get(r, u.id()) : r -> a.get(r, u.id());
                int[] top = u.latent()
                        ? latentTop[u.id()]
                        : in.neurons().get(u.id()).top().stream()
                                .mapToInt(NeuronStats.TopExample::row)
                                .toArray();
                String html = UnitPage.html(u, in.hook(), a, words, top, scan, v, rel, logits);
                try {
                    Files.writeString(dir.resolve(u.href()), html);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        progress.update("pages", units.size(), units.size());
        return units;
    }

    private static List<NeuronStats.TopExample> examples(ActivationSet a, Words w, int[] rows, LatentActs f, int j) {
        List<NeuronStats.TopExample> out = new ArrayList<>();
        for (int r : rows) {
            out.add(new NeuronStats.TopExample(
                    r, f.get(r, j), a.hasTokens() ? a.tokens().get(r) : "", w.wordAt(r, "⟦", "⟧"), "", ""));
        }
        return out;
    }

    private static double effectiveTokens(List<NeuronStats.TopExample> ex, boolean hasTokens) {
        return hasTokens && !ex.isEmpty()
                ? Math.exp(NeuronStats.entropy(
                        ex.stream().map(NeuronStats.TopExample::token).toList()))
                : Double.NaN;
    }

    private static String topWords(List<NeuronStats.TopExample> ex, int n) {
        return String.join(
                " · ",
                ex.stream()
                        .limit(n)
                        .map(e -> e.word().isEmpty() ? "row " + e.row() : e.word())
                        .toList());
    }
}
