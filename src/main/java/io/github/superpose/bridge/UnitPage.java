package io.github.superpose.bridge;

import java.util.List;
import java.util.Locale;

/** One neuron's or SAE latent's page (see {@link NeuronPages}). */
final class UnitPage {
    private UnitPage() {}

    static String html(
            NeuronPages.Summary u,
            String hook,
            ActivationSet a,
            Words w,
            int[] top,
            UnitScan scan,
            PageHtml.Values v,
            Related rel,
            LogitEffects logits) {
        String name = (u.latent() ? "SAE latent " : "Neuron ") + u.id();
        StringBuilder b = new StringBuilder(PageHtml.head(name + " · " + hook, "../"));
        b.append("<h1>")
                .append(name)
                .append(" <span class=\"k\">")
                .append(PageHtml.esc(hook))
                .append("</span></h1>\n");
        b.append("<p>firing rate ")
                .append(PageHtml.num(u.firing()))
                .append(" · max ")
                .append(PageHtml.num(u.max()))
                .append(" · mean ")
                .append(PageHtml.num(u.mean()))
                .append(" · excess kurtosis ")
                .append(PageHtml.num(u.kurtosis()))
                .append(" · effective concepts ")
                .append(PageHtml.num(u.effectiveConcepts()))
                .append(" · participation ")
                .append(PageHtml.num(u.participation()))
                .append(u.dead() ? " · <b>dead: never fires</b>" : "")
                .append("</p>\n");
        float max = scan.max(u.id());
        b.append("<h2>Top activations</h2>\n<div id=\"top\">\n");
        for (int r : top) {
            PageHtml.example(b, a, w, r, NeuronPages.RADIUS, v, max);
        }
        if (top.length == 0) {
            b.append("<p>No row activates this unit above 0.</p>\n");
        }
        b.append("</div>\n");
        if (top.length > 0) {
            b.append("<h2>Activation histogram</h2>\n")
                    .append(PageHtml.histogramSvg(scan.histogram(u.id()), max))
                    .append('\n');
            b.append("<h2>Examples across the activation range</h2>\n<p class=\"k\">(0, max] in ")
                    .append(scan.intervals())
                    .append(" equal intervals, up to ")
                    .append(NeuronPages.PER_INTERVAL)
                    .append(" random rows from each, strongest interval first.</p>\n<div id=\"intervals\">\n");
            List<int[]> samples = scan.intervalSamples(u.id());
            for (int iv = samples.size() - 1; iv >= 0; iv--) {
                if (samples.get(iv).length == 0) {
                    continue;
                }
                b.append(String.format(
                        Locale.ROOT,
                        "<h3 class=\"k\">(%s, %s]</h3>\n",
                        PageHtml.num(max * iv / samples.size()),
                        PageHtml.num(max * (iv + 1) / samples.size())));
                for (int r : samples.get(iv)) {
                    PageHtml.example(b, a, w, r, NeuronPages.RADIUS, v, max);
                }
            }
            b.append("</div>\n");
        }
        related(b, u, rel);
        if (logits != null) {
            b.append("<h2>Direct logit effects</h2>\n<div class=\"cols\">");
            tokens(b, "promotes", logits.promoted(u.latent(), u.id()), logits.promotedValues(u.latent(), u.id()));
            tokens(b, "suppresses", logits.suppressed(u.latent(), u.id()), logits.suppressedValues(u.latent(), u.id()));
            b.append("</div>\n");
        }
        return b.append("</body></html>\n").toString();
    }

    private static void related(StringBuilder b, NeuronPages.Summary u, Related rel) {
        if (u.latent()) {
            b.append("<h2>Neurons its decoder direction writes to most</h2>\n<p>");
            for (int i : rel.neuronsOf(u.id())) {
                b.append("<a href=\"../neuron/")
                        .append(i)
                        .append(".html\">neuron ")
                        .append(i)
                        .append("</a> ")
                        .append(PageHtml.num(rel.weight(u.id(), i)))
                        .append(" &nbsp; ");
            }
        } else {
            b.append("<h2>SAE latents that load most on it</h2>\n<p>");
            int[] latents = rel.latentsOf(u.id());
            for (int j : latents) {
                b.append("<a href=\"../latent/")
                        .append(j)
                        .append(".html\">latent ")
                        .append(j)
                        .append("</a> ")
                        .append(PageHtml.num(rel.weight(j, u.id())))
                        .append(" &nbsp; ");
            }
            if (latents.length == 0) {
                b.append("none alive");
            }
        }
        b.append("<br><span class=\"k\">(entries of unit-norm decoder directions)</span></p>\n");
    }

    private static void tokens(StringBuilder b, String title, String[] toks, float[] vals) {
        b.append("<div><b>").append(title).append("</b><br>");
        for (int i = 0; i < toks.length; i++) {
            b.append("<code>")
                    .append(PageHtml.esc(toks[i].replace(' ', '·')))
                    .append("</code> ")
                    .append(PageHtml.num(vals[i]))
                    .append("<br>");
        }
        b.append("</div>");
    }
}
