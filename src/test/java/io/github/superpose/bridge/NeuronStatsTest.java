package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.superpose.core.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NeuronStatsTest {
    /**
     * A token stream over {A, B, C, D, E}: neuron 3 fires only on A, neuron 5 on B, C and D with the
     * same strength, neuron 0 never fires; the rest is small noise below zero.
     */
    static ActivationSet neuroscopeStream() {
        String[] vocab = {"A", "B", "C", "D", "E"};
        int rows = 600;
        int dim = 8;
        float[] acts = new float[rows * dim];
        List<String> tokens = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        Rng rng = Rng.forStream(7, 0);
        int[] seq = new int[rows];
        int[] pos = new int[rows];
        for (int r = 0; r < rows; r++) {
            String t = vocab[r % 5];
            tokens.add(t);
            labels.add(t.equals("A") ? "vowel" : "consonant");
            seq[r] = r / 10;
            pos[r] = r % 10;
            for (int j = 0; j < dim; j++) {
                acts[r * dim + j] = -0.05f * rng.nextFloat();
            }
            if (t.equals("A")) {
                acts[r * dim + 3] = 1f + 0.001f * (r % 7);
            }
            if (t.equals("B") || t.equals("C") || t.equals("D")) {
                acts[r * dim + 5] = 2f; // exact ties: earlier rows must win, so the top-k cycles B, C, D
            }
        }
        return new ActivationSet(acts, rows, dim, tokens, labels, seq, pos, "synthetic");
    }

    @Test
    void monosemanticAndPolysemanticNeuronsAreTold() {
        List<NeuronStats> s = NeuronStats.compute(neuroscopeStream(), 30, 0.0, 2);
        NeuronStats a = s.get(3);
        assertEquals(30, a.top().size());
        assertTrue(a.top().stream().allMatch(e -> e.token().equals("A")));
        assertEquals(0.0, a.tokenEntropy(), 0.0);
        assertEquals(1.0, a.effectiveTokens(), 0.0);
        assertEquals(0.2, a.firingFrequency(), 1e-12);
        NeuronStats bcd = s.get(5);
        assertEquals(3.0, bcd.effectiveTokens(), 1e-9);
        assertEquals(1.0, bcd.effectiveLabels(), 1e-9);
        assertEquals(0.6, bcd.firingFrequency(), 1e-12);
        assertTrue(s.get(0).dead());
        assertTrue(s.get(0).top().isEmpty());
        // a dead neuron has no top tokens, so it must not score as perfectly monosemantic (exp(0) = 1)
        assertTrue(
                Double.isNaN(s.get(0).effectiveTokens()),
                "dead neuron: " + s.get(0).effectiveTokens());
        assertTrue(Double.isNaN(s.get(0).effectiveLabels()));
        assertFalse(a.dead());
        // top-k is sorted, and its context shows the token in its sequence
        assertEquals(1.006f, a.top().get(0).value(), 1e-6);
        assertTrue(a.top().get(0).context().contains("⟦A⟧"), a.top().get(0).context());
    }

    @Test
    void momentsMatchNumpy() {
        float[] x = {0, 0, 0, 1, 2, -0.1f, 0.5f, 3.0f};
        NeuronStats s =
                NeuronStats.compute(ActivationSet.of(x, 8, 1), 3, 0.0, 0).get(0);
        // numpy: m = x.mean(); c = x - m; m2 = (c**2).mean(); (c**3).mean()/m2**1.5; (c**4).mean()/m2**2 - 3
        assertEquals(0.8, s.mean(), 1e-6);
        assertEquals(1.0688779163215976, s.std(), 1e-6);
        assertEquals(1.0330062323992517, s.skew(), 1e-5);
        assertEquals(-0.37668842082078413, s.excessKurtosis(), 1e-5);
        assertEquals(3.0, s.max(), 0);
        assertEquals(4.0 / 8, s.firingFrequency(), 0);
        assertEquals(
                List.of(7, 4, 3),
                s.top().stream().map(NeuronStats.TopExample::row).toList());
        assertTrue(Double.isNaN(s.tokenEntropy()));
    }

    @Test
    void topRowsAgreeWithSortingEverything() {
        Rng rng = Rng.forStream(3, 1);
        int rows = 500;
        int dim = 6;
        float[] acts = new float[rows * dim];
        for (int i = 0; i < acts.length; i++) {
            acts[i] = (float) rng.nextGaussian();
        }
        ActivationSet a = ActivationSet.of(acts, rows, dim);
        int[][] top = NeuronStats.topRows(a, 10, 0.0);
        for (int j = 0; j < dim; j++) {
            final int jj = j;
            int[] expected = java.util.stream.IntStream.range(0, rows)
                    .boxed()
                    .filter(r -> a.get(r, jj) > 0)
                    .sorted((p, q) -> Float.compare(a.get(q, jj), a.get(p, jj)))
                    .limit(10)
                    .mapToInt(Integer::intValue)
                    .toArray();
            assertEquals(Arrays.toString(expected), Arrays.toString(top[j]));
        }
    }

    @Test
    void wordPiecesAreMergedIntoWordsWithValues() {
        List<String> toks =
                List.of("[CLS]", "louis", "##ville", "is", "far", "[SEP]", "[CLS]", "nash", "##ville", "[SEP]");
        int n = toks.size();
        float[] x = new float[n];
        x[2] = 2.5f;
        x[8] = 1.25f;
        x[4] = 0.5f;
        int[] seq = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1};
        int[] pos = {0, 1, 2, 3, 4, 5, 0, 1, 2, 3};
        ActivationSet a = new ActivationSet(x, n, 1, toks, null, seq, pos, "synthetic");
        NeuronStats s = NeuronStats.compute(a, 5, 0.0, 3).get(0);
        assertEquals(
                List.of("louis⟦ville⟧", "nash⟦ville⟧", "far"),
                s.top().stream().map(NeuronStats.TopExample::word).toList());
        assertEquals("[CLS] louis⟦ville⟧ is far [SEP]", s.top().get(0).context());
        String csv = NeuronsCsv.format(List.of(s), new double[] {1.0});
        assertTrue(csv.contains("\"louis⟦ville⟧=2.500 | nash⟦ville⟧=1.250 | far=0.500\""), csv);
        // two distinct tokens among three examples ("##ville" twice, "far" once)
        assertEquals(Math.exp(-(2.0 / 3 * Math.log(2.0 / 3) + 1.0 / 3 * Math.log(1.0 / 3))), s.effectiveTokens(), 1e-9);
    }
}
