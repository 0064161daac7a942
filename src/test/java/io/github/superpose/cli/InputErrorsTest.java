package io.github.superpose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.bridge.BertEncoder;
import io.github.superpose.bridge.BridgeInputException;
import io.github.superpose.bridge.MiniLm;
import io.github.superpose.core.InputException;
import io.github.superpose.core.JavaBackend;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One input-error type with one exit path: every exception class of the project is an
 * {@link InputException} (unchecked; the CLI prints its one line and exits 2) unless it is named
 * below with the reason it is not bad input.
 */
class InputErrorsTest {
    private static final Path SRC = Path.of("src/main/java");
    private static final Pattern DECLARED = Pattern.compile("\\bclass\\s+(\\w+Exception)\\s+extends\\s+\\w+");

    /** Exception types that are not bad input, and why. */
    private static final Map<String, String> NOT_INPUT = Map.of(
            "TrainingDivergedException", "a training outcome: Main reports it with the optimizer.lr hint",
            "BackendUnavailableException", "a missing native library: cli.Backends turns it into a SpecException",
            "FusedDivergedException", "the fused kernels' divergence, which sim turns into TrainingDivergedException");

    @TempDir
    Path tmp;

    /** Every exception class declared under src/main/java. */
    static List<Class<?>> declaredExceptions() throws IOException, ClassNotFoundException {
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SRC)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                Matcher m = DECLARED.matcher(Files.readString(f));
                String pkg = SRC.relativize(f.getParent()).toString().replace('/', '.');
                while (m.find()) {
                    found.add(Class.forName(pkg + "." + m.group(1)));
                }
            }
        }
        return found;
    }

    @Test
    void everyExceptionTypeIsTheOneInputTypeOrNamedWithItsReason() throws Exception {
        List<Class<?>> all = declaredExceptions();
        List<String> names = all.stream().map(Class::getSimpleName).toList();
        for (String expected : List.of("InputException", "SpecException", "FormatException", "BridgeInputException")) {
            assertTrue(names.contains(expected), "the walk finds " + expected + ": " + names);
        }
        assertTrue(names.containsAll(NOT_INPUT.keySet()), "every exception named here still exists: " + names);
        for (Class<?> c : all) {
            boolean input = InputException.class.isAssignableFrom(c);
            assertEquals(!NOT_INPUT.containsKey(c.getSimpleName()), input, c + " is an InputException");
            assertTrue(RuntimeException.class.isAssignableFrom(c), c + " is unchecked");
        }
    }

    @Test
    void everyInputTypeExitsTwoWithOneLineThroughTheCliReport() throws Exception {
        int checked = 0;
        for (Class<?> c : declaredExceptions()) {
            if (!InputException.class.isAssignableFrom(c)) {
                continue;
            }
            Exception e = instance(c, "bad.toml", "expected a\nnumber");
            StringWriter err = new StringWriter();
            int code = Main.report(e, new PrintWriter(err, true));
            assertEquals(Main.EXIT_BAD_INPUT, code, c + ": " + err);
            String line = err.toString().strip();
            assertEquals(1, line.lines().count(), c + " reports one line: " + err);
            assertTrue(
                    line.startsWith("sim: ") && line.contains("bad.toml") && line.contains("expected a number"),
                    c + ": " + line);
            assertFalse(line.contains("internal"), c + ": " + line);
            checked++;
        }
        assertTrue(checked >= 4, "checked " + checked + " input types");
    }

    /** An instance from the constructor whose parameters are all strings (or objects), message parts in order. */
    private static Exception instance(Class<?> c, String source, String problem) throws Exception {
        for (Constructor<?> k : c.getConstructors()) {
            Class<?>[] p = k.getParameterTypes();
            if (p.length == 2 && List.of(p).stream().allMatch(t -> t == String.class || t == Object.class)) {
                return (Exception) k.newInstance(source, problem);
            }
        }
        return (Exception) c.getConstructor(String.class).newInstance(source + ": " + problem);
    }

    @Test
    void aBadSpecACorruptedWeightsFileAndABadActivationFileAllExitTwo() throws IOException {
        Path spec = Files.writeString(tmp.resolve("tiny.toml"), HardeningTest.TINY);
        Path run = tmp.resolve("run");
        assertEquals(
                0,
                BadInputTest.run("run", spec.toString(), "--out", run.toString(), "--quiet")
                        .code());
        // a weights file that is not a zip archive reaches the CLI as io's own FormatException
        Files.writeString(run.resolve("weights.npz"), "not a zip archive");
        BadInputTest.Outcome plot = BadInputTest.run("plot", run.toString());
        HardeningTest.oneLine(plot);
        assertTrue(plot.err().contains("weights.npz"), plot.err());

        Path typo = Files.writeString(tmp.resolve("typo.toml"), HardeningTest.TINY + "stesp = 5\n");
        BadInputTest.Outcome badSpec = BadInputTest.run(
                "run", typo.toString(), "--out", tmp.resolve("t").toString());
        HardeningTest.oneLine(badSpec);
        assertTrue(badSpec.err().contains("stesp"), badSpec.err());

        Path acts = Files.writeString(tmp.resolve("acts.txt"), "1 2 3\n");
        BadInputTest.Outcome sae = BadInputTest.run(
                "sae",
                "train",
                "--acts",
                acts.toString(),
                "--out",
                tmp.resolve("sae").toString(),
                "--quiet");
        HardeningTest.oneLine(sae);
        assertTrue(sae.err().contains("acts.txt"), sae.err());
    }

    @Test
    void anOutOfVocabularyTokenIsTheSameInputTypeInBertAsInGpt2() {
        MiniLm m = MiniLm.load(new JavaBackend(1));
        BertEncoder bert = new BertEncoder(m.weights(), new JavaBackend(1));
        int vocab = m.weights().vocab();
        BridgeInputException e =
                assertThrows(BridgeInputException.class, () -> bert.forward(new int[] {101, vocab, 102}));
        assertTrue(
                e.getMessage().contains("token id " + vocab) && e.getMessage().contains("does not match the model"),
                e.getMessage());
        // Gpt2ModelTest checks that GPT-2 refuses such a token with this same type
        assertSame(InputException.class, BridgeInputException.class.getSuperclass());
    }
}
