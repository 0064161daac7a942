package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.io.NdArray;
import io.github.superpose.io.Npy;
import io.github.superpose.io.Npz;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivationSetTest {
    @TempDir
    Path dir;

    @Test
    void batchPosDimIsFlattenedWithSequences() throws Exception {
        float[] acts = new float[2 * 3 * 4];
        for (int i = 0; i < acts.length; i++) {
            acts[i] = i;
        }
        Map<String, NdArray> m = new LinkedHashMap<>();
        m.put("acts", NdArray.ofFloats(acts, 2, 3, 4));
        m.put("tokens", NdArray.ofLongs(new long[] {10, 11, 12, 20, 21, 22}, 2, 3));
        m.put("labels", NdArray.ofInts(new int[] {1, 2}, 2));
        Path f = dir.resolve("acts.npz");
        Npz.write(f, m);
        ActivationSet a = ActivationSet.load(f);
        assertEquals(6, a.rows());
        assertEquals(4, a.dim());
        assertEquals(13f, a.get(3, 1));
        assertEquals(List.of("10", "11", "12", "20", "21", "22"), a.tokens());
        assertEquals(List.of("1", "1", "1", "2", "2", "2"), a.labels());
        assertEquals(1, a.sequence()[3]);
        assertEquals(0, a.position()[3]);
        // context stays inside the sequence
        assertEquals("⟦20⟧ 21", a.context(3, 1));
        assertEquals("11 ⟦12⟧", a.context(2, 1));
    }

    @Test
    void plainNpyAndRoundTrip() throws Exception {
        Path f = dir.resolve("a.npy");
        Npy.write(f, NdArray.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 3, 2));
        ActivationSet a = ActivationSet.load(f);
        assertEquals(3, a.rows());
        assertFalse(a.hasTokens());
        Path g = dir.resolve("b.npz");
        a.saveNpz(g);
        assertEquals(6f, ActivationSet.load(g).get(2, 1));
    }

    @Test
    void badInputNamesTheFileAndTheProblem() throws Exception {
        Path noActs = dir.resolve("noacts.npz");
        Npz.write(noActs, Map.of("x", NdArray.ofFloats(new float[] {1}, 1, 1)));
        assertMessage(noActs, "no array named 'acts'");

        Path rank1 = dir.resolve("rank1.npy");
        Npy.write(rank1, NdArray.ofFloats(new float[] {1, 2}, 2));
        assertMessage(rank1, "must be [N, d] or [batch, pos, d]");

        Path mismatch = dir.resolve("mismatch.npz");
        Map<String, NdArray> m = new LinkedHashMap<>();
        m.put("acts", NdArray.ofFloats(new float[6], 3, 2));
        m.put("tokens", NdArray.ofLongs(new long[] {1, 2}, 2));
        Npz.write(mismatch, m);
        assertMessage(mismatch, "tokens has 2 entries");

        Path nan = dir.resolve("nan.npy");
        Npy.write(nan, NdArray.ofFloats(new float[] {1, Float.NaN}, 1, 2));
        assertMessage(nan, "non-finite");

        Path garbage = dir.resolve("garbage.npy");
        Files.writeString(garbage, "not numpy");
        assertMessage(garbage, "");

        assertMessage(dir.resolve("acts.csv"), ".npy or .npz");
    }

    private static void assertMessage(Path f, String part) {
        BridgeInputException e = assertThrows(BridgeInputException.class, () -> ActivationSet.load(f));
        assertTrue(e.getMessage().contains(f.getFileName().toString()), e.getMessage());
        assertTrue(e.getMessage().contains(part), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
