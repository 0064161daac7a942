package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.io.NdArray;
import io.github.superpose.io.Npz;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad probe input is refused with one line naming the file and the problem, and nothing is written. */
class ProbeInputTest {
    @TempDir
    Path dir;

    private BridgeInputException refused(Path model, Path text) {
        Path out = dir.resolve("run");
        BridgeInputException e = assertThrows(
                BridgeInputException.class,
                () -> Probe.run(ProbeConfig.forText(model, text, 0, out), ProgressListener.NONE));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(Files.exists(out), "nothing written");
        return e;
    }

    @Test
    void emptyBlankAndNonUtf8CorporaAreRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        assertTrue(refused(null, empty).getMessage().contains("empty.txt: the file is empty"));
        Path blank = Files.writeString(dir.resolve("blank.txt"), "\n   \n\t\n# a comment\n\n");
        assertTrue(refused(null, blank).getMessage().contains("blank.txt: no sentences"));
        Path latin1 =
                Files.write(dir.resolve("latin1.txt"), new byte[] {'o', 'k', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'});
        String m = refused(null, latin1).getMessage();
        assertTrue(m.contains("latin1.txt: not UTF-8 text: invalid byte 0xE9 at line 2"), m);
        Path labelOnly = Files.writeString(dir.resolve("label.txt"), "fine sentence\nplace\t  \n");
        assertTrue(refused(null, labelOnly).getMessage().contains("line 2 has a label but no sentence"));
    }

    @Test
    void aLineLongerThanTheModelsLimitIsRefusedByLineNumber() throws Exception {
        Path text = Files.writeString(dir.resolve("long.txt"), "short line\n\n" + "word ".repeat(600) + "\n");
        String m = refused(null, text).getMessage();
        assertTrue(
                m.contains("long.txt: line 3 has 602 tokens, more than the model ([CLS] and [SEP] included)'s"
                        + " limit of 512"),
                m);
        Path exact = Files.writeString(dir.resolve("exact.txt"), "word ".repeat(510) + "\n");
        ProbeText t = ProbeText.read(exact);
        MiniLm model = MiniLmFixture.get();
        t.checkLength(s -> model.tokenizer().tokenize(s).size() + 2, 512, "MiniLM"); // 512 exactly is fine
        assertEquals(
                512,
                model.tokenizer().encode(t.texts().get(0), 10_000).ids().length,
                "the count checked is the count the encoder sees");
    }

    @Test
    void allZeroAndSingleRowDumpsAreHandled() throws Exception {
        for (int rows : new int[] {1, 40}) {
            Path acts = dir.resolve("zeros" + rows + ".npz");
            Npz.write(acts, Map.of("acts", NdArray.ofFloats(new float[rows * 6], rows, 6)));
            Path out = dir.resolve("zeros-run" + rows);
            ProbeResult r = Probe.run(
                    ProbeConfig.forActs(acts, out)
                            .withSae(SaeConfig.Kind.BATCHTOPK, 12, 2, 0, 5, 8)
                            .withThreads(1),
                    ProgressListener.NONE);
            assertEquals(6, r.deadNeurons(), "every neuron of an all-zero dump is dead");
            List<String> csv = Files.readAllLines(out.resolve("neurons.csv"));
            assertEquals(7, csv.size());
            assertTrue(csv.get(1).startsWith("0,0.00000,0.00000,0.00000,0.00000,NaN,NaN,true,NaN,NaN,"), csv.get(1));
            assertTrue(Files.isRegularFile(out.resolve("pages/index.html")));
            assertTrue(Files.isRegularFile(out.resolve("pages/neuron/5.html")));
        }
    }

    @Test
    void gpt2FolderProblemsAreNamed() throws Exception {
        Path text = Files.writeString(dir.resolve("s.txt"), "hello\n");
        Path noWeights = Files.createDirectories(dir.resolve("gpt2-no-weights"));
        Files.writeString(noWeights.resolve("config.json"), "{\"model_type\": \"gpt2\"}");
        String m = refused(noWeights, text).getMessage();
        assertTrue(m.contains("neither model.safetensors") && m.contains("nor an .onnx file"), m);

        Path tiny = Path.of("src/test/resources/gpt2/tiny");
        Path nan = Files.createDirectories(dir.resolve("gpt2-nan"));
        Files.copy(tiny.resolve("model.safetensors"), nan.resolve("model.safetensors"));
        Files.writeString(
                nan.resolve("config.json"),
                Files.readString(tiny.resolve("config.json")).replaceFirst("\"n_embd\": *\\d+", "\"n_embd\": NaN"));
        m = refused(nan, text).getMessage();
        assertTrue(m.contains("config.json") && m.contains("n_embd") && !m.contains("(missing)"), m);

        for (String entry : List.of("../../etc/passwd", "/etc/passwd", "sub/../../x.safetensors")) {
            Path sharded = Files.createDirectories(dir.resolve("gpt2-shard-" + Math.abs(entry.hashCode())));
            Files.copy(tiny.resolve("config.json"), sharded.resolve("config.json"));
            Files.writeString(
                    sharded.resolve("model.safetensors.index.json"),
                    "{\"weight_map\": {\"wte.weight\": \"" + entry + "\"}}");
            m = refused(sharded, text).getMessage();
            assertTrue(m.contains("model.safetensors.index.json") && m.contains("inside the model folder"), m);
            assertFalse(m.contains("root:"), "never echoes the file's contents: " + m);
        }
    }
}
