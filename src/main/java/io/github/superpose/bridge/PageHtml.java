package io.github.superpose.bridge;

import java.util.List;
import java.util.Locale;

/**
 * The HTML of the neuron pages: plain HTML and CSS plus a few lines of JavaScript for the index's
 * sorting and filtering, nothing fetched from a network. Every token of an example is a
 * {@code <i>} whose background is shaded by its activation (relative to the unit's max) and whose
 * {@code title} holds the value, so hovering shows it; the example's own token has class "hit".
 */
final class PageHtml {
    /** Shared by the index and every unit page, written once as pages/style.css. */
    static final String CSS =
            "body{font:15px/1.45 system-ui,sans-serif;margin:1.2em auto;max-width:1100px;padding:0 1em;"
                    + "color:#222}h1{font-size:1.35em}h2{font-size:1.1em;margin-top:1.4em}table{border-collapse:collapse}"
                    + "th,td{padding:2px 8px;text-align:right;border-bottom:1px solid #eee;white-space:nowrap}td.w:last-child{white-space:normal}th{cursor:pointer;background:#f4f4f4;"
                    + "position:sticky;top:0}td.w,th.w{text-align:left}tr.dead{color:#999}"
                    + ".ex{font-family:ui-monospace,monospace;font-size:13.5px;margin:2px 0;white-space:pre-wrap}"
                    + ".ex b{display:inline-block;width:4.5em;color:#666;font-weight:normal}"
                    + "i{font-style:normal;background:rgba(255,110,0,var(--a,0));border-radius:2px}"
                    + "i.hit{outline:1.5px solid #b40;}.k{color:#666}.cols{display:flex;gap:3em;flex-wrap:wrap}"
                    + "#bar{margin:.6em 0}#bar input{margin-right:1em}";

    private PageHtml() {}

    /** {@code rel} leads from the page to the pages folder ("" or "../"), where style.css sits. */
    static String head(String title, String rel) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title)
                + "</title><link rel=\"stylesheet\" href=\"" + rel + "style.css\"></head><body>\n"
                + (rel.isEmpty() ? "" : "<p><a href=\"" + rel + "index.html\">← all neurons and latents</a></p>\n");
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a != 0 && (a < 1e-3 || a >= 1e5) ? "%.3g" : "%.4g", v);
    }

    /** Values of one unit on any row. */
    @FunctionalInterface
    interface Values {
        float at(int row);
    }

    /**
     * One example: the words of the row's sequence within {@code radius} tokens, each piece shaded
     * by value / max, the row's own piece marked; the value printed in front.
     */
    static void example(StringBuilder b, ActivationSet a, Words w, int row, int radius, Values v, float max) {
        b.append("<div class=\"ex\"><b>").append(Words.value(v.at(row))).append("</b>");
        int from = Math.max(0, row - radius);
        int to = Math.min(a.rows() - 1, row + radius);
        boolean first = true;
        for (int r = from; r <= to; r++) {
            if (a.sequence()[r] != a.sequence()[row]) {
                continue;
            }
            if (!first) {
                b.append(esc(w.gapBefore(r)));
            }
            first = false;
            float x = v.at(r);
            double alpha = max > 0 ? Math.max(0, Math.min(1, x / max)) : 0;
            b.append("<i").append(r == row ? " class=\"hit\"" : "");
            if (alpha >= 0.005) { // unshaded tokens leave --a at its default 0, keeping pages small
                b.append(" style=\"--a:").append(Words.fixed(alpha, 2)).append('"');
            }
            b.append(" title=\"")
                    .append(Words.value(x))
                    .append("\">")
                    .append(esc(w.piece(r)))
                    .append("</i>");
        }
        b.append("</div>\n");
    }

    /** A bar chart of {@code counts} over (0, max] as inline SVG, with its axis ends labelled. */
    static String histogramSvg(int[] counts, float max) {
        int w = 520;
        int h = 140;
        int peak = 1;
        for (int c : counts) {
            peak = Math.max(peak, c);
        }
        StringBuilder b = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\""
                + (h + 34) + "\" role=\"img\" aria-label=\"activation histogram\">");
        double bw = (double) w / counts.length;
        for (int i = 0; i < counts.length; i++) {
            double bh = (double) counts[i] / peak * h;
            b.append("<rect x=\"")
                    .append(Words.fixed(i * bw, 1))
                    .append("\" y=\"")
                    .append(Words.fixed(h - bh, 1))
                    .append("\" width=\"")
                    .append(Words.fixed(Math.max(1, bw - 1), 1))
                    .append("\" height=\"")
                    .append(Words.fixed(bh, 1))
                    .append("\" fill=\"#e8731a\"><title>")
                    .append(counts[i])
                    .append("</title></rect>");
        }
        b.append("<line x1=\"0\" y1=\"")
                .append(h)
                .append("\" x2=\"")
                .append(w)
                .append("\" y2=\"")
                .append(h)
                .append("\" stroke=\"#444\"/>");
        b.append("<text x=\"0\" y=\"").append(h + 16).append("\" font-size=\"12\">0</text>");
        b.append("<text x=\"")
                .append(w)
                .append("\" y=\"")
                .append(h + 16)
                .append("\" font-size=\"12\" text-anchor=\"end\">")
                .append(num(max))
                .append("</text>");
        b.append("<text x=\"")
                .append(w / 2)
                .append("\" y=\"")
                .append(h + 30)
                .append("\" font-size=\"12\" text-anchor=\"middle\">activation (firing rows; tallest bar ")
                .append(peak)
                .append(")</text></svg>");
        return b.toString();
    }

    /** The index: one row per unit, sortable by any column (click), filterable by text, kind and deadness. */
    static String index(String title, String summary, List<NeuronPages.Summary> units) {
        StringBuilder b = new StringBuilder(head(title, ""));
        b.append("<h1>")
                .append(esc(title))
                .append("</h1>\n<p>")
                .append(esc(summary))
                .append("</p>\n")
                .append("<p class=\"k\">effective concepts = exp(H) of the top-k tokens' distribution (1 = one token "
                        + "drives it); participation = for a neuron, how many SAE latents load on it, for a latent, "
                        + "how many neurons its decoder direction spreads over (participation ratio).</p>\n")
                .append("<div id=\"bar\"><input id=\"q\" placeholder=\"filter: word, neuron 12, latent 7\" size=\"32\">"
                        + "<select id=\"kind\"><option value=\"\">neurons and latents</option><option>neuron</option>"
                        + "<option>latent</option></select> <label><input type=\"checkbox\" id=\"live\"> hide dead</label>"
                        + " <span id=\"shown\"></span></div>\n<table id=\"t\"><thead><tr>");
        String[] cols = {
            "unit", "firing rate", "max", "mean", "kurtosis", "eff. concepts", "participation", "dead", "top words"
        };
        for (int i = 0; i < cols.length; i++) {
            b.append("<th")
                    .append(i == 0 || i == cols.length - 1 ? " class=\"w\"" : "")
                    .append(" data-c=\"")
                    .append(i)
                    .append("\">")
                    .append(cols[i])
                    .append("</th>");
        }
        b.append("</tr></thead><tbody>\n");
        for (NeuronPages.Summary u : units) {
            String kind = u.latent() ? "latent" : "neuron";
            b.append("<tr data-kind=\"")
                    .append(kind)
                    .append("\"")
                    .append(u.dead() ? " class=\"dead\"" : "")
                    .append(">")
                    .append("<td class=\"w\" data-v=\"")
                    .append(u.id())
                    .append("\"><a href=\"")
                    .append(u.href())
                    .append("\">")
                    .append(kind)
                    .append(' ')
                    .append(u.id())
                    .append("</a></td>");
            for (double v :
                    new double[] {u.firing(), u.max(), u.mean(), u.kurtosis(), u.effectiveConcepts(), u.participation()
                    }) {
                b.append("<td data-v=\"")
                        .append(Double.isNaN(v) ? "" : Double.toString(v))
                        .append("\">")
                        .append(num(v))
                        .append("</td>");
            }
            b.append("<td data-v=\"")
                    .append(u.dead() ? 1 : 0)
                    .append("\">")
                    .append(u.dead() ? "dead" : "")
                    .append("</td><td class=\"w\">")
                    .append(esc(u.topWords()))
                    .append("</td></tr>\n");
        }
        b.append("</tbody></table>\n<script>\n").append(INDEX_JS).append("</script></body></html>\n");
        return b.toString();
    }

    /** Sort on header click (numbers by data-v, blanks last; again to reverse) and filter as the user types. */
    private static final String INDEX_JS = """
            const tb = document.querySelector('#t tbody');
            const rows = Array.from(tb.rows);
            let col = -1, dir = 1;
            document.querySelectorAll('#t th').forEach(th => th.addEventListener('click', () => {
              const c = +th.dataset.c;
              dir = c === col ? -dir : (c === 0 || c === 8 ? 1 : -1);
              col = c;
              const key = r => r.cells[c].dataset.v;
              const sorted = rows.slice().sort((a, b) => {
                const x = key(a), y = key(b);
                if (x === undefined) return dir * a.cells[c].textContent.localeCompare(b.cells[c].textContent);
                if (x === '' || y === '') return (x === '') - (y === '');
                return dir * (parseFloat(x) - parseFloat(y));
              });
              tb.append(...sorted);
            }));
            function filter() {
              const q = document.getElementById('q').value.toLowerCase();
              const kind = document.getElementById('kind').value;
              const live = document.getElementById('live').checked;
              let shown = 0;
              for (const r of rows) {
                const ok = (!kind || r.dataset.kind === kind) && (!live || !r.classList.contains('dead'))
                    && (!q || r.textContent.toLowerCase().includes(q));
                r.style.display = ok ? '' : 'none';
                shown += ok;
              }
              document.getElementById('shown').textContent = shown + ' of ' + rows.length + ' shown';
            }
            ['q', 'kind', 'live'].forEach(id => document.getElementById(id).addEventListener('input', filter));
            filter();
            """;
}
