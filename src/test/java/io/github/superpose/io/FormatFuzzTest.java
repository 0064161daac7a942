package io.github.superpose.io;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds each reader 10,000 seeded mutations of valid files (bit flips, truncations, insertions,
 * deletions, header token edits). Every outcome must be a successful parse or a
 * {@link FormatException}: any other exception, an OOM or a hang fails the test.
 */
class FormatFuzzTest {
    private static final int MUTATIONS = 10_000;
    private static final Duration BUDGET = Duration.ofSeconds(60);
    private static final String[] TOKENS = {
        "0",
        "1",
        "9",
        "-1",
        ",",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "'",
        "\"",
        ":",
        " ",
        "\n",
        "True",
        "False",
        "<f8",
        ">i4",
        "|O",
        "'descr'",
        "'shape'",
        "1e400",
        "99999999999999999999",
        "4294967296",
        "\"F16\"",
        "\"BF16\"",
        "\"F8_E5M2\"",
        "null",
        "\"__metadata__\"",
        "\"data_offsets\"",
        "\"shape\"",
        "\"dtype\"",
        "\\u0000",
        "\u00e9",
        "\uD83D"
    };

    @TempDir
    Path diskDir;

    private Path dir;

    // Thousands of tiny writes are I/O-bound on a busy disk; tmpfs keeps the fuzz loop CPU-bound
    // while still exercising the real Path-based readers.
    @BeforeEach
    void pickDir() throws IOException {
        Path shm = Path.of("/dev/shm");
        dir = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "superpose-fuzz")
                : diskDir;
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (!dir.equals(diskDir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    @FunctionalInterface
    interface Reader {
        void read(byte[] file) throws IOException;
    }

    @Test
    void npyReaderOnlyThrowsFormatException() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 12; i++) {
            seeds.add(NpzTest.npy(RandomArrays.array(rnd)));
        }
        seeds.add(ByteFixture.npy(1, "{'descr': '>f8', 'fortran_order': True, 'shape': (2, 1), }")
                .f64be(1, 2)
                .build());
        seeds.add(ByteFixture.npy(3, "{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }")
                .u32le(5)
                .build());
        fuzz(seeds, 101, bytes -> {
            boolean exact = bytes.length % 2 == 0; // exercise both the file and the stream paths
            Npy.read(new ByteArrayInputStream(bytes), "fuzz.npy", bytes.length, exact);
        });
    }

    @Test
    void npzReaderOnlyThrowsFormatException() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(2);
        for (int i = 0; i < 6; i++) {
            Path p = dir.resolve("seed" + i + ".npz");
            Npz.write(p, RandomArrays.arrays(rnd), i % 2 == 0);
            seeds.add(Files.readAllBytes(p));
        }
        int[] count = {0};
        fuzz(seeds, 202, bytes -> {
            // A fresh file each time: rewriting one file in place makes ext4 flush it on close.
            Path target = dir.resolve("fuzz" + count[0]++ + ".npz");
            Files.write(target, bytes);
            try {
                Npz.read(target, 1 << 20);
            } finally {
                Files.delete(target);
            }
        });
    }

    @Test
    void safetensorsReaderOnlyThrowsFormatException() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 6; i++) {
            Path p = dir.resolve("seed" + i + ".safetensors");
            Safetensors.write(p, RandomArrays.arrays(rnd), Map.of("k", "v" + i), i % 3 == 0 ? "BF16" : null);
            seeds.add(Files.readAllBytes(p));
        }
        int[] count = {0};
        fuzz(seeds, 303, bytes -> {
            // A fresh file each time: truncating a file that earlier mappings still cover is slow.
            Path target = dir.resolve("fuzz" + count[0]++ + ".safetensors");
            Files.write(target, bytes);
            try (SafetensorsFile f = Safetensors.read(target)) {
                for (String name : f.names()) {
                    f.get(name);
                    f.floats(name);
                }
            } finally {
                Files.delete(target);
            }
        });
    }

    private static void fuzz(List<byte[]> seeds, long seed, Reader reader) {
        assertTimeoutPreemptively(BUDGET, () -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            Map<String, Integer> outcomes = new LinkedHashMap<>();
            for (int i = 0; i < MUTATIONS; i++) {
                byte[] base = seeds.get(rnd.nextInt(seeds.size()));
                StringBuilder how = new StringBuilder();
                byte[] mutated = mutate(base, rnd, how);
                try {
                    reader.read(mutated);
                    outcomes.merge("parsed", 1, Integer::sum);
                } catch (FormatException e) {
                    outcomes.merge("refused", 1, Integer::sum);
                } catch (Throwable t) {
                    fail("mutation " + i + " (seed " + seed + ", " + how + ") threw " + t + where(t), t);
                }
            }
            // Both outcomes must occur, or the mutations are too weak (or too strong) to mean much.
            if (outcomes.size() < 2) {
                fail("fuzzing produced only " + outcomes);
            }
        });
    }

    // Surefire trims library frames from stack traces; the reader frame is what a fix needs.
    private static String where(Throwable t) {
        StringBuilder sb = new StringBuilder();
        StackTraceElement[] st = t.getStackTrace();
        for (int i = 0; i < Math.min(st.length, 12); i++) {
            sb.append("\n  at ").append(st[i]);
        }
        return sb.toString();
    }

    /** One to three random edits of {@code base}; {@code how} records them for failure reports. */
    static byte[] mutate(byte[] base, SplittableRandom rnd, StringBuilder how) {
        byte[] b = base.clone();
        int edits = 1 + rnd.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int op = rnd.nextInt(6);
            int pos = b.length == 0 ? 0 : rnd.nextInt(b.length);
            how.append(op).append('@').append(pos).append(' ');
            switch (op) {
                case 0: // bit flip, biased toward the header where the interesting structure lives
                    pos = rnd.nextBoolean() ? Math.min(pos, 160) : pos;
                    if (b.length > 0) {
                        b[Math.min(pos, b.length - 1)] ^= (byte) (1 << rnd.nextInt(8));
                    }
                    break;
                case 1: // truncation
                    b = java.util.Arrays.copyOf(b, pos);
                    break;
                case 2: // insertion of random bytes
                    byte[] ins = new byte[1 + rnd.nextInt(8)];
                    rnd.nextBytes(ins);
                    b = splice(b, pos, 0, ins);
                    break;
                case 3: // deletion
                    b = splice(b, pos, Math.min(b.length - pos, 1 + rnd.nextInt(8)), new byte[0]);
                    break;
                case 4: // overwrite a length-like field with an extreme value
                    byte[] extreme = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F};
                    int at = rnd.nextInt(Math.max(1, Math.min(b.length, 16)));
                    b = splice(b, at, Math.min(b.length - at, 4), extreme);
                    break;
                default: // header edit: replace a span of the text header with a syntax token
                    byte[] tok = TOKENS[rnd.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
                    int start = Math.min(b.length, 8 + rnd.nextInt(Math.max(1, Math.min(b.length, 200))));
                    b = splice(b, start, Math.min(b.length - start, rnd.nextInt(4)), tok);
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int pos, int remove, byte[] insert) {
        pos = Math.min(pos, b.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
        out.write(b, 0, pos);
        out.writeBytes(insert);
        out.write(b, pos + remove, b.length - pos - remove);
        return out.toByteArray();
    }
}
