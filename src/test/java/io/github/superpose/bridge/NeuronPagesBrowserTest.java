package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe's pages opened in a real browser (Debian's headless {@code chromium}, which .ci/run
 * installs): the index has a row per neuron, sorting by a column reorders the rows, a neuron page's
 * highlighted tokens and values are neurons.csv's top examples, and no page raises a JavaScript
 * error. Screenshots go to target/pages-screenshots/. Skipped, saying why, where no chromium is installed.
 */
@Tag("minilm")
class NeuronPagesBrowserTest {
    /** Short sentences with words that WordPiece splits (Louisville, unbelievably, tokenization). */
    private static final List<String> SENTENCES = List.of(
            "The cat chased the mouse across the garden.",
            "We drove from Louisville to Nashville overnight.",
            "Paris and Berlin are cities in Europe.",
            "She counted one, two, three, four, five.",
            "The results were unbelievably good this year.",
            "Tokenization splits rare words into pieces.",
            "A dog barked at the horse <near> the barn & the river.",
            "Interest rates rose again after the announcement.",
            "The orchestra played a slow piece by Chopin.",
            "He flew from Tokyo to Sydney on Tuesday.");

    @TempDir
    Path dir;

    @Test
    void indexAndNeuronPageWorkInChromium() throws Exception {
        Path chromium = HeadlessChromium.find();
        if (chromium == null) {
            System.out.println("NeuronPagesBrowserTest skipped: no chromium on PATH (apt-get install chromium)");
        }
        Assumptions.assumeTrue(chromium != null, "no chromium on PATH (apt-get install chromium)");
        Path text = dir.resolve("s.txt");
        Files.writeString(text, String.join("\n", SENTENCES) + "\n");
        Path out = dir.resolve("run");
        Probe.run(
                ProbeConfig.forText(null, text, 1, out)
                        .withSae(SaeConfig.Kind.BATCHTOPK, 0, 8, 0, 30, 64)
                        .withThreads(2),
                ProgressListener.NONE);
        List<String[]> csv = readCsv(out.resolve("neurons.csv"));
        Path shots = Files.createDirectories(Path.of(System.getProperty("user.dir"), "target", "pages-screenshots"));

        try (HeadlessChromium b = new HeadlessChromium(chromium, dir.resolve("profile"))) {
            b.open(out.resolve("pages/index.html"));
            assertEquals(
                    1536,
                    b.eval("document.querySelectorAll('tr[data-kind=neuron]').length")
                            .asInt());
            assertTrue(b.eval("document.querySelectorAll('tr[data-kind=latent]').length")
                            .asInt()
                    > 0);
            String firstIds = "Array.from(document.querySelectorAll('#t tbody tr')).slice(0, 30)"
                    + ".map(r => r.cells[0].textContent).join(',')";
            String before = b.eval(firstIds).asText();
            b.eval("document.querySelector('th[data-c=\"2\"]').click()"); // max, largest first
            String after = b.eval(firstIds).asText();
            assertNotEquals(before, after, "sorting by max reorders the rows");
            JsonNode maxes = b.eval("Array.from(document.querySelectorAll('#t tbody tr')).map(r => r.cells[2]"
                    + ".dataset.v).filter(v => v !== '').map(Number)");
            for (int i = 1; i < maxes.size(); i++) {
                assertTrue(maxes.get(i - 1).asDouble() >= maxes.get(i).asDouble(), "descending at row " + i);
            }
            b.eval("document.getElementById('q').value = 'neuron 7'; "
                    + "document.getElementById('q').dispatchEvent(new Event('input'))");
            assertTrue(
                    b.eval("Array.from(document.querySelectorAll('#t tbody tr')).filter(r => r.style.display "
                                    + "!== 'none').every(r => r.textContent.includes('neuron 7'))")
                            .asBoolean(),
                    "filter keeps matches");
            b.screenshot(shots.resolve("index.png"));

            int neuron = mostActive(csv);
            b.open(out.resolve("pages/neuron/" + neuron + ".html"));
            JsonNode hits = b.eval(
                    "Array.from(document.querySelectorAll('#top .ex i.hit'))" + ".map(i => [i.textContent, i.title])");
            String[] top = csv.get(neuron)[11].split(" \\| ");
            assertTrue(hits.size() >= top.length, hits.size() + " highlighted examples, csv has " + top.length);
            for (int i = 0; i < top.length; i++) {
                int eq = top[i].lastIndexOf('=');
                String word = top[i].substring(0, eq);
                String piece = hits.get(i).get(0).asText().strip();
                assertEquals(top[i].substring(eq + 1), hits.get(i).get(1).asText(), "value of example " + i);
                assertTrue(word.equals(piece) || word.contains("⟦" + piece + "⟧"), word + " vs piece " + piece);
            }
            assertTrue(b.eval("document.querySelectorAll('svg rect').length").asInt() > 0, "histogram drawn");
            assertTrue(
                    b.eval("document.querySelectorAll('a[href^=\"../latent/\"]').length")
                                    .asInt()
                            > 0,
                    "links to its latents");
            b.screenshot(shots.resolve("neuron.png"));
            assertEquals(List.of(), b.errors, "JavaScript errors");
        }
    }

    /** The alive neuron with the largest max, so its page has a full top list. */
    private static int mostActive(List<String[]> csv) {
        int best = 0;
        for (int i = 1; i < csv.size(); i++) {
            if (Double.parseDouble(csv.get(i)[4]) > Double.parseDouble(csv.get(best)[4])) {
                best = i;
            }
        }
        return best;
    }

    /** neurons.csv rows without the header, fields unquoted (RFC 4180). */
    static List<String[]> readCsv(Path file) throws Exception {
        List<String[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            boolean q = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (q && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    q = !q;
                } else if (c == ',' && !q) {
                    f.add(cur.toString());
                    cur.setLength(0);
                } else {
                    cur.append(c);
                }
            }
            f.add(cur.toString());
            rows.add(f.toArray(new String[0]));
        }
        return rows;
    }
}
