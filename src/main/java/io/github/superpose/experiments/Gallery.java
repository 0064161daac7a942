package io.github.superpose.experiments;

import io.github.superpose.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * plots/index.html: every figure of the catalogue with its spec and the claims measured on it,
 * and plots/claims.json with the same numbers for scripts.
 */
public final class Gallery {
    /** One reproduced spec: its run, its figures (file names relative to the gallery) and claims. */
    public record Entry(
            Spec spec, String specFile, List<String> figures, List<Claim> claims, double seconds, boolean quick) {}

    private Gallery() {}

    public static void write(Path dir, List<Entry> entries) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Superpose gallery</title>\n")
                .append("<style>body{font-family:sans-serif;max-width:1500px;margin:auto;padding:1em;color:#222}")
                .append("img{max-width:100%;border:1px solid #ddd;margin:.5em 0}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}")
                .append(".pass{color:#17702d;font-weight:bold}.fail{color:#b3261e;font-weight:bold}")
                .append("code{background:#f4f4f4;padding:1px 4px}</style></head><body>\n")
                .append("<h1>Superpose: Toy Models of Superposition, reproduced</h1>\n")
                .append("<p>Made by <code>./sim reproduce</code>. Each section: the spec, its figures, and the ")
                .append("paper's claims measured on the run.</p>\n");
        long passed = entries.stream()
                .flatMap(e -> e.claims().stream())
                .filter(Claim::pass)
                .count();
        long total = entries.stream().mapToLong(e -> e.claims().size()).sum();
        h.append("<p><b>").append(passed).append(" of ").append(total).append(" claims hold.</b></p>\n<ul>\n");
        for (Entry e : entries) {
            h.append("<li><a href=\"#")
                    .append(e.spec().name())
                    .append("\">")
                    .append(esc(e.spec().name()))
                    .append("</a>: ")
                    .append(esc(e.spec().description()))
                    .append("</li>\n");
        }
        h.append("</ul>\n");
        for (Entry e : entries) {
            section(h, e);
        }
        h.append("</body></html>\n");
        AtomicFiles.writeStringAtomically(dir.resolve("index.html"), h.toString());
        AtomicFiles.writeStringAtomically(
                dir.resolve("claims.json"),
                RunStore.JSON.writeValueAsString(
                        entries.stream().map(Gallery::json).toList()));
    }

    private static void section(StringBuilder h, Entry e) {
        Spec s = e.spec();
        h.append("<h2 id=\"")
                .append(s.name())
                .append("\">")
                .append(esc(s.name()))
                .append("</h2>\n<p>")
                .append(esc(s.description()))
                .append("<br>spec <code>")
                .append(esc(e.specFile()))
                .append("</code>: ")
                .append(s.model().key())
                .append(' ')
                .append(s.features())
                .append("→")
                .append(s.hidden())
                .append(", ")
                .append(s.instances())
                .append(" instances, ")
                .append(s.steps())
                .append(" steps, batch ")
                .append(s.batch())
                .append(", best of ")
                .append(s.restarts())
                .append(e.quick() ? " (quick scale)" : "")
                .append(String.format(", trained in %.1f s", e.seconds()))
                .append("</p>\n");
        for (String f : e.figures()) {
            h.append("<img src=\"")
                    .append(esc(f))
                    .append("\" alt=\"")
                    .append(esc(f))
                    .append("\">\n");
        }
        if (!e.claims().isEmpty()) {
            h.append("<table><tr><th>ref</th><th>claim</th><th>measured</th><th></th></tr>\n");
            for (Claim c : e.claims()) {
                h.append("<tr><td>")
                        .append(esc(c.id()))
                        .append("</td><td>")
                        .append(esc(c.text()))
                        .append("</td><td>")
                        .append(esc(c.measured()))
                        .append("</td><td class=\"")
                        .append(c.pass() ? "pass\">holds" : "fail\">does not hold")
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
    }

    private static Map<String, Object> json(Entry e) {
        return Map.of(
                "name",
                e.spec().name(),
                "figures",
                e.figures(),
                "seconds",
                e.seconds(),
                "quick",
                e.quick(),
                "claims",
                e.claims());
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
