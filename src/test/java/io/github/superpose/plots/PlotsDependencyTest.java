package io.github.superpose.plots;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The plots package draws from plain arrays: JFreeChart, JFreeSVG and the JDK only. Checked on
 * the sources, which is instant; a bytecode scan of the whole classpath took ~20 s.
 */
class PlotsDependencyTest {

    private static final Path SOURCES = Path.of("src/main/java/io/github/superpose/plots");
    private static final Pattern REFERENCE =
            Pattern.compile("\\b(io\\.github\\.superpose\\.[a-z]+|org\\.[a-z]+|com\\.[a-z]+)");

    @Test
    void plotsDependOnlyOnJFreeAndTheJdk() throws IOException {
        assertTrue(Files.isDirectory(SOURCES), "run from the project root: " + SOURCES);
        List<String> bad = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    String ref = m.group(1);
                    if (!ref.equals("io.github.superpose.plots")
                            && !ref.equals("org.jfree")
                            && !ref.equals("org.w3c")) {
                        bad.add(file.getFileName() + ": " + ref);
                    }
                }
            }
        }
        assertTrue(bad.isEmpty(), "plots must not depend on " + bad);
    }
}
