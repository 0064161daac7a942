package io.github.superpose.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The io package imports the JDK, Jackson and core's input-error type only, so every other package may
 * depend on it.
 * A scan of import lines (ArchUnit would resolve the whole ND4J classpath, which takes ~20 s).
 */
class IoDependenciesTest {
    private static final Path SOURCES = Path.of("src/main/java/io/github/superpose/io");

    @Test
    void importsOnlyJdkJacksonAndTheInputErrorType() throws IOException {
        assertTrue(Files.isDirectory(SOURCES), "run from the project root");
        List<String> offending = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                for (String line : Files.readAllLines(f)) {
                    String l = line.strip();
                    if (l.startsWith("import ")
                            && !l.matches(
                                    "import (static )?(java\\.|com\\.fasterxml\\.jackson\\.|io\\.github\\.superpose\\.io\\."
                                            + "|io\\.github\\.superpose\\.core\\.InputException;).*")) {
                        offending.add(f.getFileName() + ": " + l);
                    }
                }
            }
        }
        assertEquals(List.of(), offending);
    }
}
