package io.github.superpose.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exchanges files with the real numpy; skipped when no Python with numpy is installed. */
class NumpyInteropTest {
    private static String python;

    @TempDir
    Path dir;

    @BeforeAll
    static void findNumpy() {
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                if (run(candidate, "import numpy", null).exitCode == 0) {
                    python = candidate;
                    return;
                }
            } catch (IOException e) {
                // not installed under this name; try the next
            }
        }
    }

    @Test
    void numpyReadsWhatJavaWritesAndResavesIdenticalBytes() throws IOException {
        Assumptions.assumeTrue(python != null, "python3 with numpy not available");
        SplittableRandom rnd = new SplittableRandom(77);
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        for (String dtype : RandomArrays.DTYPES) {
            arrays.put(dtype, RandomArrays.array(rnd, dtype));
        }
        arrays.put("scalar", NdArray.ofDoubles(new double[] {Math.E}));
        arrays.put("empty", NdArray.ofFloats(new float[0], 3, 0));
        for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
            Npy.write(dir.resolve(e.getKey() + ".npy"), e.getValue());
        }
        Npz.write(dir.resolve("stored.npz"), arrays);
        Npz.writeCompressed(dir.resolve("deflated.npz"), arrays);
        // numpy loads every file, checks dtype names, and re-saves each array with np.save.
        String script = String.join(
                "\n",
                "import numpy as np, sys, os",
                "d = sys.argv[1]",
                "names = " + pyList(arrays.keySet()),
                "for n in names:",
                "    a = np.load(os.path.join(d, n + '.npy'), allow_pickle=False)",
                "    assert n not in 'f2 f4 f8 i4 i8 u1 b1'.split() or a.dtype.str[1:] == n, (n, a.dtype)",
                "    np.save(os.path.join(d, n + '.re.npy'), a)",
                "for z in ['stored', 'deflated']:",
                "    with np.load(os.path.join(d, z + '.npz'), allow_pickle=False) as f:",
                "        assert list(f.keys()) == names, list(f.keys())",
                "        for n in names:",
                "            assert np.array_equal(f[n], np.load(os.path.join(d, n + '.npy')), equal_nan=True)",
                "print('ok')");
        Result r = run(python, script, dir);
        assertEquals(0, r.exitCode, r.output);
        for (String name : arrays.keySet()) {
            assertArrayEquals(
                    Files.readAllBytes(dir.resolve(name + ".npy")),
                    Files.readAllBytes(dir.resolve(name + ".re.npy")),
                    name);
        }
    }

    @Test
    void javaReadsFortranBigEndianAndVersionedFilesFromNumpy() throws IOException {
        Assumptions.assumeTrue(python != null, "python3 with numpy not available");
        String script = String.join(
                "\n",
                "import numpy as np, sys, os",
                "from numpy.lib import format as fmt",
                "d = sys.argv[1]",
                "x = np.arange(24, dtype='<f4').reshape(2, 3, 4)",
                "np.save(os.path.join(d, 'fortran.npy'), np.asfortranarray(x))",
                "np.save(os.path.join(d, 'big.npy'), np.arange(6, dtype='>f8').reshape(2, 3) / 4)",
                "np.save(os.path.join(d, 'bigi.npy'), -np.arange(5, dtype='>i8'))",
                "for v in [(2, 0), (3, 0)]:",
                "    with open(os.path.join(d, 'v%d.npy' % v[0]), 'wb') as f:",
                "        fmt.write_array(f, np.arange(4, dtype='<i4'), version=v)",
                "np.savez_compressed(os.path.join(d, 'mixed.npz'), f=np.asfortranarray(x),",
                "    h=np.array([1.0, 65504.0, 2.0**-24], dtype='<f2'), b=np.array([True, False]))",
                "print('ok')");
        Result r = run(python, script, dir);
        assertEquals(0, r.exitCode, r.output);
        float[] arange24 = new float[24];
        for (int i = 0; i < 24; i++) {
            arange24[i] = i;
        }
        NdArray fortran = Npy.read(dir.resolve("fortran.npy"));
        assertArrayEquals(new long[] {2, 3, 4}, fortran.shape());
        assertArrayEquals(arange24, fortran.toFloats());
        NdArray big = Npy.read(dir.resolve("big.npy"));
        assertEquals("f8", big.dtype());
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1, 1.25}, big.toDoubles());
        assertArrayEquals(
                new long[] {0, -1, -2, -3, -4},
                Npy.read(dir.resolve("bigi.npy")).toLongs());
        assertArrayEquals(
                new long[] {0, 1, 2, 3}, Npy.read(dir.resolve("v2.npy")).toLongs());
        assertArrayEquals(
                new long[] {0, 1, 2, 3}, Npy.read(dir.resolve("v3.npy")).toLongs());
        Map<String, NdArray> mixed = Npz.read(dir.resolve("mixed.npz"));
        assertEquals(List.of("f", "h", "b"), List.copyOf(mixed.keySet()));
        assertArrayEquals(arange24, mixed.get("f").toFloats());
        assertArrayEquals(new float[] {1f, 65504f, 0x1p-24f}, mixed.get("h").toFloats());
        assertEquals(NdArray.ofBools(new boolean[] {true, false}, 2), mixed.get("b"));
    }

    private static String pyList(Iterable<String> names) {
        StringBuilder sb = new StringBuilder("[");
        for (String n : names) {
            sb.append('\'').append(n).append("', ");
        }
        return sb.append(']').toString();
    }

    private static final class Result {
        final int exitCode;
        final String output;

        Result(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }
    }

    private static Result run(String python, String script, Path arg) throws IOException {
        ProcessBuilder pb = arg == null
                ? new ProcessBuilder(python, "-c", script)
                : new ProcessBuilder(python, "-c", script, arg.toString());
        Process p = pb.redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "python timed out");
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while waiting for python", e);
        }
    }
}
