package io.github.superpose.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One seed gives identical weights.npz bytes at 1 and 2 threads, on each training engine. */
class DeterminismTest {
    @TempDir
    Path tmp;

    byte[] weights(String engine, int threads, long seed, String name) throws IOException {
        Path out = tmp.resolve(name);
        int code = BadInputTest.run(
                        "run",
                        "experiments/sparsity-sweep-20-in-5.toml",
                        "--steps",
                        "60",
                        "--quiet",
                        "--threads",
                        Integer.toString(threads),
                        "--seed",
                        Long.toString(seed),
                        "--engine",
                        engine,
                        "--out",
                        out.toString())
                .code();
        assertEquals(0, code);
        return Files.readAllBytes(out.resolve("weights.npz"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "tape"})
    void sameSeedSameBytesAtAnyThreadCount(String engine) throws IOException {
        byte[] one = weights(engine, 1, 7, engine + "-1");
        byte[] two = weights(engine, 2, 7, engine + "-2");
        byte[] again = weights(engine, 2, 7, engine + "-2b");
        assertArrayEquals(one, two, "1 vs 2 threads");
        assertArrayEquals(two, again, "two runs at 2 threads");
        byte[] other = weights(engine, 2, 8, engine + "-seed8");
        assertFalse(java.util.Arrays.equals(two, other), "a different seed gives different weights");
    }
}
