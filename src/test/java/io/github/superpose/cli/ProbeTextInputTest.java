package io.github.superpose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./sim probe --text} on a bad corpus: exit 2, one line on stderr naming the file, no run folder. */
class ProbeTextInputTest {
    @TempDir
    Path tmp;

    @Test
    void badCorporaExitTwoWithOneLine() throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty.txt"), "");
        Path blank = Files.writeString(tmp.resolve("blank.txt"), "\n \n");
        Path latin1 = Files.write(tmp.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
        Path longLine = Files.writeString(tmp.resolve("long.txt"), "word ".repeat(700));
        for (Path text : new Path[] {empty, blank, latin1, longLine}) {
            Path out = tmp.resolve("run-" + text.getFileName());
            BadInputTest.Outcome o =
                    BadInputTest.run("probe", "--text", text.toString(), "--out", out.toString(), "--quiet");
            assertEquals(2, o.code(), o.err());
            String line = o.err().strip();
            assertFalse(line.contains("\n") || line.contains("Exception"), line);
            assertTrue(line.contains(text.getFileName().toString()), line);
            assertFalse(Files.exists(out));
        }
    }
}
