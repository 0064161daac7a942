package io.github.superpose.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void randomTensorsRoundTripInTheirOwnDtypes() throws IOException {
        SplittableRandom rnd = new SplittableRandom(314);
        for (int i = 0; i < 60; i++) {
            Map<String, NdArray> tensors = RandomArrays.arrays(rnd);
            Map<String, String> meta = i % 2 == 0 ? Map.of() : Map.of("step", "" + i, "format", "pt");
            Path p = dir.resolve("t" + i + ".safetensors");
            Safetensors.write(p, tensors, meta);
            assertEquals(0, headerLength(p) % 8);
            try (SafetensorsFile f = Safetensors.read(p)) {
                assertEquals(meta, f.metadata());
                assertEquals(tensors.keySet(), new HashSet<>(f.names()));
                for (String name : f.names()) {
                    assertEquals(tensors.get(name), f.get(name));
                    assertArrayEquals(tensors.get(name).toFloats(), f.floats(name));
                }
            }
        }
    }

    @Test
    void halfAndBf16OutputRoundToNearestEven() throws IOException {
        SplittableRandom rnd = new SplittableRandom(2718);
        NdArray w = RandomArrays.array(rnd, "f4");
        NdArray d = RandomArrays.array(rnd, "f8");
        NdArray ids = RandomArrays.array(rnd, "i8");
        Map<String, NdArray> tensors = Map.of("w", w, "d", d, "ids", ids);
        Path half = dir.resolve("half.safetensors");
        Path bf = dir.resolve("bf.safetensors");
        Safetensors.write(half, tensors, null, "F16");
        Safetensors.writeBf16(bf, tensors, Map.of());
        try (SafetensorsFile h = Safetensors.read(half);
                SafetensorsFile b = Safetensors.read(bf)) {
            assertEquals("F16", h.info("w").dtype());
            assertEquals("I64", h.info("ids").dtype()); // integers keep their type
            assertEquals(w.astype("f2"), h.get("w"));
            assertEquals(ids, b.get("ids"));
            assertEquals("BF16", b.info("d").dtype());
            float[] expected = w.toFloats();
            for (int i = 0; i < expected.length; i++) {
                expected[i] = Half.bf16ToFloat(Half.floatToBf16(expected[i]));
            }
            assertArrayEquals(expected, b.floats("w"));
        }
    }

    @Test
    void outputIsDeterministicAndSortedByName() throws IOException {
        List<String> names = new ArrayList<>(List.of("z", "a", "m.1", "m.0", "b"));
        SplittableRandom rnd = new SplittableRandom(1);
        Map<String, NdArray> first = new LinkedHashMap<>();
        for (String n : names) {
            first.put(n, RandomArrays.array(rnd));
        }
        Collections.reverse(names);
        Map<String, NdArray> second = new LinkedHashMap<>();
        for (String n : names) {
            second.put(n, first.get(n));
        }
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        Safetensors.write(a, first, Map.of("x", "1", "y", "2"));
        Safetensors.write(b, second, new LinkedHashMap<>(Map.of("y", "2", "x", "1")));
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        try (SafetensorsFile f = Safetensors.read(a)) {
            assertEquals(List.of("a", "b", "m.0", "m.1", "z"), f.names());
        }
    }

    @Test
    void reservedNameAndUnknownFloatDtypeAreRefused() {
        NdArray x = NdArray.ofFloats(new float[] {1}, 1);
        assertThrows(
                IllegalArgumentException.class,
                () -> Safetensors.write(dir.resolve("m.safetensors"), Map.of("__metadata__", x), Map.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> Safetensors.write(dir.resolve("m.safetensors"), Map.of("x", x), Map.of(), "F8"));
    }

    private static long headerLength(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        return ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
