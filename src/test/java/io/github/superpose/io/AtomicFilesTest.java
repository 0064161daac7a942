package io.github.superpose.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReplacesContent() throws IOException {
        Path p = dir.resolve("spec.json");
        AtomicFiles.writeStringAtomically(p, "{\"a\": 1}");
        AtomicFiles.writeStringAtomically(p, "{\"b\": \"\u00e9\"}");
        assertEquals("{\"b\": \"\u00e9\"}", Files.readString(p));
        assertEquals(List.of(p), list());
    }

    @Test
    void failedWriteKeepsTheOldFileAndRemovesTheTemp() throws IOException {
        Path p = dir.resolve("data.bin");
        AtomicFiles.writeStringAtomically(p, "old");
        IOException e = assertThrows(
                IOException.class,
                () -> AtomicFiles.writeAtomically(p, out -> {
                    out.write(new byte[100_000]); // enough that part of it reaches the temp file
                    throw new IOException("disk full");
                }));
        assertEquals("disk full", e.getMessage());
        assertEquals("old", Files.readString(p));
        assertEquals(List.of(p), list());
    }

    @Test
    void runtimeFailuresAlsoCleanUp() throws IOException {
        Path p = dir.resolve("new.bin");
        assertThrows(
                IllegalStateException.class,
                () -> AtomicFiles.writeAtomically(p, out -> {
                    throw new IllegalStateException("bug in writer");
                }));
        assertEquals(List.of(), list());
    }

    private List<Path> list() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
