package io.github.superpose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** `./sim bench` refuses bad options with exit 2 and one line, before timing anything. */
class BenchCommandTest {
    @Test
    void unknownJobIsRefused() {
        BadInputTest.Outcome o = BadInputTest.run("bench", "--jobs", "pb nope");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("--jobs") && o.err().contains("nope"), o.err());
        assertFalse(o.err().strip().contains("\n"), "one line: " + o.err());
    }

    @Test
    void nonPositiveStepsAreRefused() {
        BadInputTest.Outcome o = BadInputTest.run("bench", "--abs-steps", "0");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("steps"), o.err());
    }

    @Test
    void aLongFactorOfOneIsRefused() {
        // one time as long gives no second length to take the warm-up out with
        BadInputTest.Outcome o = BadInputTest.run("bench", "--long", "1");
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("--long") && o.err().contains("got 1"), o.err());
    }
}
