package io.github.superpose.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
    @TempDir
    Path dir;

    @Test
    void randomArchivesRoundTripStoredAndDeflated() throws IOException {
        SplittableRandom rnd = new SplittableRandom(99);
        for (int i = 0; i < 40; i++) {
            Map<String, NdArray> arrays = RandomArrays.arrays(rnd);
            Path p = dir.resolve("r" + i + ".npz");
            Npz.write(p, arrays, i % 2 == 0);
            Map<String, NdArray> back = Npz.read(p);
            assertEquals(List.copyOf(arrays.keySet()), List.copyOf(back.keySet()));
            assertEquals(arrays, back);
        }
    }

    @Test
    void writesAreByteForByteDeterministic() throws IOException {
        Map<String, NdArray> arrays = RandomArrays.arrays(new SplittableRandom(5));
        arrays.put("W", NdArray.ofFloats(new float[] {1, 2, 3, 4}, 2, 2));
        for (boolean compressed : new boolean[] {false, true}) {
            Path a = dir.resolve("a" + compressed + ".npz");
            Path b = Files.createDirectory(dir.resolve("sub" + compressed)).resolve("b.npz");
            Npz.write(a, arrays, compressed);
            Npz.write(b, new LinkedHashMap<>(arrays), compressed);
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        }
    }

    @Test
    void atomicWriteLeavesNoTempFiles() throws IOException {
        Path p = dir.resolve("x.npz");
        Npz.write(p, Map.of("x", NdArray.ofInts(new int[] {1}, 1)));
        Npz.write(p, Map.of("y", NdArray.ofInts(new int[] {2}, 1))); // replaces the old file
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList());
        }
        assertEquals(List.of("y"), List.copyOf(Npz.read(p).keySet()));
    }

    @Test
    void pathLikeEntryNamesAreRefused() throws IOException {
        byte[] npy = npy(NdArray.ofInts(new int[] {1}, 1));
        String[] bad = {"../evil.npy", "a/b.npy", "/abs.npy", "a\\b.npy", "C:x.npy", "..npy", ".npy"};
        for (String name : bad) {
            Path p = zip("bad.npz", Map.of(name, npy));
            FormatException e = assertThrows(FormatException.class, () -> Npz.read(p), name);
            assertTrue(e.getMessage().startsWith(p.toString() + ": "), e.getMessage());
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> Npz.write(dir.resolve("w.npz"), Map.of("../x", NdArray.ofInts(new int[] {1}, 1))));
    }

    @Test
    void nonNpyEntriesAreRefused() throws IOException {
        Path p = zip("txt.npz", Map.of("readme.txt", "hi".getBytes(StandardCharsets.UTF_8)));
        assertTrue(assertThrows(FormatException.class, () -> Npz.read(p))
                .getMessage()
                .contains("'readme.txt' is not an .npy file"));
    }

    @Test
    void duplicateEntriesAreRefused() throws IOException {
        // ZipOutputStream refuses duplicates, so write "a.npy" and "b.npy" and rename b to a in both
        // the local header and the central directory (the CRC covers only the data).
        byte[] npy = npy(NdArray.ofInts(new int[] {1}, 1));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("a.npy", npy);
        entries.put("b.npy", npy);
        byte[] zip = Files.readAllBytes(zip("dup.npz", entries));
        String latin = new String(zip, StandardCharsets.ISO_8859_1).replace("b.npy", "a.npy");
        Path p = Files.write(dir.resolve("dup.npz"), latin.getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(FormatException.class, () -> Npz.read(p))
                .getMessage()
                .contains("duplicate entry 'a.npy'"));
    }

    @Test
    void zipBombsAreRefusedBeforeInflating() throws IOException {
        // 16 MB of zeros deflates to ~16 kB; the claimed size alone exceeds a 1 MB limit.
        NdArray zeros = NdArray.ofRaw("u1", new byte[16 << 20], 16 << 20);
        Path p = dir.resolve("bomb.npz");
        Npz.writeCompressed(p, Map.of("z", zeros));
        assertTrue(Files.size(p) < 100_000);
        FormatException e = assertThrows(FormatException.class, () -> Npz.read(p, 1 << 20));
        assertTrue(e.getMessage().contains("zip bomb"), e.getMessage());
        assertEquals(zeros, Npz.read(p).get("z"));
    }

    @Test
    void entryWhoseNpyHeaderClaimsMoreThanTheEntryHoldsIsRefused() throws IOException {
        // A valid npy header for 10^9 f8 values, with 8 bytes of data: the entry is 136 bytes.
        byte[] lying = ByteFixture.npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000,), }")
                .u64le(0)
                .build();
        Path p = zip("lie.npz", Map.of("x.npy", lying));
        FormatException e = assertThrows(FormatException.class, () -> Npz.read(p));
        assertTrue(e.getMessage().contains("lie.npz!x.npy"), e.getMessage());
    }

    @Test
    void notAZipIsAFormatException() throws IOException {
        Path p = Files.write(dir.resolve("junk.npz"), new byte[] {1, 2, 3, 4, 5});
        assertTrue(assertThrows(FormatException.class, () -> Npz.read(p))
                .getMessage()
                .startsWith(p + ": "));
    }

    static byte[] npy(NdArray a) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, a);
        return out.toByteArray();
    }

    private Path zip(String file, Map<String, byte[]> entries) throws IOException {
        Path p = dir.resolve(file);
        try (OutputStream os = Files.newOutputStream(p);
                ZipOutputStream z = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return p;
    }
}
