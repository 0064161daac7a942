package io.github.superpose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./sim probe --model GPT2_FOLDER}: runs, and refuses an unknown layer in one line with exit 2. */
class Gpt2ProbeCommandTest {
    static final String TINY = "src/test/resources/gpt2/tiny";

    @TempDir
    Path tmp;

    @Test
    void probeRunsOnAGpt2Folder() {
        Path out = tmp.resolve("run");
        BadInputTest.Outcome o = BadInputTest.run(
                "probe",
                "--model",
                TINY,
                "--text",
                "examples/sentences.txt",
                "--layer",
                "0",
                "--sae",
                "topk",
                "--latents",
                "64",
                "--k",
                "4",
                "--sae-steps",
                "50",
                "--threads",
                "1",
                "--quiet",
                "--out",
                out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.isRegularFile(out.resolve("metrics.json")));
        assertTrue(Files.isRegularFile(out.resolve("sae/sae_weights.safetensors")));
    }

    @Test
    void unknownLayerExitsTwoWithOneLine() {
        Path out = tmp.resolve("bad");
        BadInputTest.Outcome o = BadInputTest.run(
                "probe",
                "--model",
                TINY,
                "--text",
                "examples/sentences.txt",
                "--layer",
                "7",
                "--quiet",
                "--out",
                out.toString());
        assertEquals(2, o.code(), o.err());
        String line = o.err().strip();
        assertFalse(line.contains("\n") || line.contains("Exception"), line);
        assertTrue(line.contains("--layer") && line.contains("layer 7 outside [0, 2)"), line);
        assertFalse(Files.exists(out));
    }
}
