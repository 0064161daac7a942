package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** examples/wordnet-corpus.py on a two-synset WordNet: definitions and examples, labelled, in probe format. */
class WordnetCorpusScriptTest {
    @TempDir
    Path dir;

    @Test
    void glossesAndExamplesBecomeLabelledSentences() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
        Path wn = Files.createDirectories(dir.resolve("wordnet"));
        Files.writeString(
                wn.resolve("data.noun"),
                String.join(
                        "\n",
                        "  1 This software and database is being provided to you, the LICENSEE, by",
                        "08950230 15 n 02 Paris 0 City_of_Light 0 001 @i 08524735 n 0000 | national capital and largest"
                                + " city of France; \"she loved Paris in the spring\"  ",
                        "09307031 17 n 01 Hudson_Bay 0 002 @i 09426788 n 0000 | an inland sea in northern Canada  ",
                        ""));
        for (String part : List.of("verb", "adj", "adv")) {
            Files.writeString(wn.resolve("data." + part), "  1 licence header only\n");
        }
        Process p = new ProcessBuilder(
                        python.toString(), "examples/wordnet-corpus.py", "--wordnet", wn.toString(), "--sentences", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        List<String> lines = out.lines().sorted().toList();
        assertEquals(
                List.of(
                        "noun.location\tParis: national capital and largest city of France",
                        "noun.location\tshe loved Paris in the spring",
                        "noun.object\tHudson Bay: an inland sea in northern Canada"),
                lines);
        Path corpus = Files.writeString(dir.resolve("c.txt"), out);
        ProbeText t = ProbeText.read(corpus);
        assertEquals(3, t.texts().size());
        assertTrue(t.labels().contains("noun.location"));
    }
}
