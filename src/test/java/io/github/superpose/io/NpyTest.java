package io.github.superpose.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void writerMatchesNumpyHeaderBytes() throws IOException {
        // Printed by numpy 1.24: np.save(b, np.zeros((2, 3), np.float32)); 128-byte header.
        String expected = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" + " ".repeat(58) + "\n";
        byte[] header = Npy.header(NdArray.ofFloats(new float[6], 2, 3));
        assertEquals(128, header.length);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0}, Arrays.copyOf(header, 10));
        assertEquals(expected, new String(header, 10, 118, StandardCharsets.ISO_8859_1));
        // Scalars get no growth-axis padding: np.save(b, np.array(True)).
        String scalar =
                new String(Npy.header(NdArray.ofBools(new boolean[] {true})), 10, 118, StandardCharsets.ISO_8859_1);
        assertEquals("{'descr': '|b1', 'fortran_order': False, 'shape': (), }" + " ".repeat(62) + "\n", scalar);
    }

    @Test
    void dataAlwaysStartsAtAMultipleOf64() {
        for (int rank = 0; rank < 40; rank++) {
            long[] shape = new long[rank];
            Arrays.fill(shape, 1);
            byte[] h = Npy.header(NdArray.ofRaw("u1", new byte[1], shape));
            assertEquals(0, h.length % 64, "rank " + rank);
            assertEquals('\n', h[h.length - 1]);
        }
    }

    @Test
    void randomArraysRoundTripThroughStreamsAndFiles() throws IOException {
        SplittableRandom rnd = new SplittableRandom(20240601);
        for (int i = 0; i < 300; i++) {
            NdArray a = RandomArrays.array(rnd);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Npy.write(out, a);
            byte[] bytes = out.toByteArray();
            assertEquals(a, Npy.read(new ByteArrayInputStream(bytes), "mem.npy", bytes.length), "" + a);
            if (i % 30 == 0) {
                Path p = dir.resolve("a" + i + ".npy");
                Npy.write(p, a);
                assertEquals(a, Npy.read(p));
                assertArrayEquals(bytes, Files.readAllBytes(p));
            }
        }
    }

    @Test
    void fortranToCHandlesHigherRanks() {
        // A [2, 3, 4] array of element index values, written in Fortran order by hand.
        long[] shape = {2, 3, 4};
        byte[] fortran = new byte[24];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    fortran[i + 2 * j + 6 * k] = (byte) (i * 12 + j * 4 + k);
                }
            }
        }
        byte[] c = Npy.fortranToC(fortran, shape, 1);
        for (int x = 0; x < 24; x++) {
            assertEquals(x, c[x]);
        }
    }
}
