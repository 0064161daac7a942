package io.github.superpose.bridge;

import io.github.superpose.io.FormatException;
import io.github.superpose.io.NdArray;
import io.github.superpose.io.Npy;
import io.github.superpose.io.Npz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MLP activations, one row per token: {@code acts} [N, d_mlp] row-major, with optional per-row token
 * strings and labels (a concept per row), and each row's sequence and position so a token can be
 * shown in its context. Rows of one sequence are contiguous and in position order.
 *
 * <pre>ActivationSet a = ActivationSet.load(Path.of("acts.npz")); float v = a.get(row, neuron);</pre>
 */
public record ActivationSet(
        float[] acts,
        int rows,
        int dim,
        List<String> tokens,
        List<String> labels,
        int[] sequence,
        int[] position,
        String source) {

    public ActivationSet {
        if ((long) rows * dim != acts.length) {
            throw new IllegalArgumentException("acts has " + acts.length + " values, not [" + rows + ", " + dim + "]");
        }
        checkRows(tokens, rows, "tokens");
        checkRows(labels, rows, "labels");
        if (sequence.length != rows || position.length != rows) {
            throw new IllegalArgumentException("sequence/position need " + rows + " entries");
        }
    }

    private static void checkRows(List<String> l, int rows, String what) {
        if (l != null && l.size() != rows) {
            throw new IllegalArgumentException(what + " has " + l.size() + " entries for " + rows + " rows");
        }
    }

    /** Rows with no token, label or sequence information: each row its own one-token sequence. */
    public static ActivationSet of(float[] acts, int rows, int dim) {
        int[] seq = new int[rows];
        Arrays.setAll(seq, i -> i);
        return new ActivationSet(acts, rows, dim, null, null, seq, new int[rows], "memory");
    }

    public float get(int row, int neuron) {
        return acts[row * dim + neuron];
    }

    public boolean hasTokens() {
        return tokens != null;
    }

    public boolean hasLabels() {
        return labels != null;
    }

    /**
     * Reads a {@code .npy} holding acts, or a {@code .npz} with {@code acts} [N, d] or [batch, pos, d]
     * (f4, f2 or f8) and optional {@code tokens} ([N] or [batch, pos], integer ids, kept as their
     * decimal strings) and {@code labels} ([N], or [batch] for one label per sequence, integers).
     * [batch, pos, d] makes each batch row a sequence; [N, d] is one stream of consecutive tokens.
     */
    public static ActivationSet load(Path file) {
        String name = file.getFileName().toString().toLowerCase();
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        try {
            if (name.endsWith(".npz")) {
                arrays.putAll(Npz.read(file));
            } else if (name.endsWith(".npy")) {
                arrays.put("acts", Npy.read(file));
            } else {
                throw new BridgeInputException(file, "activation file must be .npy or .npz");
            }
        } catch (FormatException e) {
            throw new BridgeInputException(e.source(), e.problem(), e);
        } catch (IOException e) {
            throw new BridgeInputException(file, "cannot read: " + e, e);
        }
        return fromArrays(arrays, file.toString());
    }

    static ActivationSet fromArrays(Map<String, NdArray> arrays, String source) {
        NdArray acts = arrays.get("acts");
        if (acts == null) {
            throw new BridgeInputException(source, "no array named 'acts' (found " + arrays.keySet() + ")");
        }
        if (!acts.dtype().startsWith("f")) {
            throw new BridgeInputException(source, "acts must be float (f2, f4, f8), got " + acts.dtype());
        }
        long[] s = acts.shape();
        if (s.length != 2 && s.length != 3) {
            throw new BridgeInputException(source, "acts must be [N, d] or [batch, pos, d], got " + Arrays.toString(s));
        }
        int dim = Math.toIntExact(s[s.length - 1]);
        int rows = Math.toIntExact(acts.size() / Math.max(1, dim));
        int seqLen = s.length == 3 ? Math.toIntExact(s[1]) : rows;
        if (rows == 0 || dim == 0) {
            throw new BridgeInputException(source, "acts is empty: shape " + Arrays.toString(s));
        }
        float[] data = acts.toFloats();
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new BridgeInputException(
                        source, "acts has a non-finite value at row " + (i / dim) + ", neuron " + (i % dim));
            }
        }
        int[] seq = new int[rows];
        int[] pos = new int[rows];
        for (int r = 0; r < rows; r++) {
            seq[r] = r / seqLen;
            pos[r] = r % seqLen;
        }
        List<String> tokens = perRow(arrays.get("tokens"), "tokens", rows, seqLen, false, source);
        List<String> labels = perRow(arrays.get("labels"), "labels", rows, seqLen, true, source);
        return new ActivationSet(data, rows, dim, tokens, labels, seq, pos, source);
    }

    /** An integer array with one entry per row, or (labels only) one per sequence, as strings. */
    private static List<String> perRow(
            NdArray a, String what, int rows, int seqLen, boolean perSequence, String source) {
        if (a == null) {
            return null;
        }
        if (!a.dtype().startsWith("i") && !a.dtype().startsWith("u")) {
            throw new BridgeInputException(source, what + " must be an integer array, got " + a.dtype());
        }
        long[] v = a.toLongs();
        List<String> out = new ArrayList<>(rows);
        if (v.length == rows) {
            for (long x : v) {
                out.add(Long.toString(x));
            }
        } else if (perSequence && v.length * (long) seqLen == rows) {
            for (int r = 0; r < rows; r++) {
                out.add(Long.toString(v[r / seqLen]));
            }
        } else {
            throw new BridgeInputException(
                    source,
                    what + " has " + v.length + " entries, acts has " + rows + " rows"
                            + (perSequence ? " in " + rows / seqLen + " sequences" : ""));
        }
        return out;
    }

    /** A text file's sentences and, when any line is {@code LABEL<TAB>sentence}, one label per sentence (else null). */
    public record TextLines(List<String> texts, List<String> labels) {}

    /** One sentence per line, optionally {@code label<TAB>sentence}; blank lines and lines starting with '#' are skipped. */
    public static TextLines readLines(Path textFile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(textFile);
        } catch (IOException e) {
            throw new BridgeInputException(textFile, "cannot read text file: " + e.getMessage(), e);
        }
        List<String> texts = new ArrayList<>();
        List<String> lineLabels = new ArrayList<>();
        boolean anyLabel = false;
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            anyLabel |= tab >= 0;
            lineLabels.add(tab >= 0 ? line.substring(0, tab).trim() : "");
            texts.add(tab >= 0 ? line.substring(tab + 1) : line);
        }
        if (texts.isEmpty()) {
            throw new BridgeInputException(textFile, "no sentences (one per line) found");
        }
        return new TextLines(List.copyOf(texts), anyLabel ? List.copyOf(lineLabels) : null);
    }

    /** Captures {@code blocks.{layer}.mlp.hook_post} of a BERT on a text file (format of {@link #readLines}). */
    public static ActivationSet capture(MiniLm model, Path textFile, int layer, ProgressListener progress) {
        TextLines lines = readLines(textFile);
        checkLayer(layer, model.weights().nLayers());
        return capture(model, lines.texts(), lines.labels(), layer, progress, textFile.toString());
    }

    /** As {@link #capture(MiniLm, Path, int, ProgressListener)} on sentences in memory; labels may be null. */
    public static ActivationSet capture(
            MiniLm model,
            List<String> texts,
            List<String> textLabels,
            int layer,
            ProgressListener progress,
            String source) {
        return capture(
                texts,
                textLabels,
                model.weights().dMlp(),
                text -> {
                    MiniLm.Capture c = model.capture(text);
                    return new Sequence(c.encoding().tokens(), c.hookPost(layer), false);
                },
                progress,
                source + " @ blocks." + layer + ".mlp.hook_post");
    }

    /**
     * Captures a GPT-2's {@code blocks.{layer}.mlp.hook_post}, each sentence its own sequence (BOS
     * first, cut to n_positions). The BOS row is left out: with causal attention it is the same in
     * every sequence, so it would only add identical rows. Truncated sentences are reported to
     * {@code progress} as stage "truncated to n_positions".
     */
    public static ActivationSet capture(
            Gpt2Model model, TextLines lines, int layer, ProgressListener progress, String source) {
        checkLayer(layer, model.weights().nLayers());
        int dim = model.weights().dMlp();
        return capture(
                lines.texts(),
                lines.labels(),
                dim,
                text -> {
                    Gpt2Model.Capture c = model.capture(text);
                    float[] post = c.hookPost(layer);
                    return new Sequence(
                            c.encoding().tokens().subList(1, c.encoding().ids().length),
                            Arrays.copyOfRange(post, dim, post.length),
                            c.encoding().truncated());
                },
                progress,
                source + " @ blocks." + layer + ".mlp.hook_post");
    }

    static void checkLayer(int layer, int layers) {
        if (layer < 0 || layer >= layers) {
            throw new BridgeInputException("--layer", "layer " + layer + " outside [0, " + layers + ")");
        }
    }

    /** One sentence's token strings and hook_post rows [tokens, dim]. */
    private record Sequence(List<String> tokens, float[] hookPost, boolean truncated) {}

    private static ActivationSet capture(
            List<String> texts,
            List<String> textLabels,
            int dim,
            java.util.function.Function<String, Sequence> run,
            ProgressListener progress,
            String source) {
        List<float[]> parts = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        List<String> labels = textLabels == null ? null : new ArrayList<>();
        List<Integer> seq = new ArrayList<>();
        List<Integer> pos = new ArrayList<>();
        int truncated = 0;
        for (int s = 0; s < texts.size(); s++) {
            Sequence c = run.apply(texts.get(s));
            parts.add(c.hookPost());
            for (int p = 0; p < c.tokens().size(); p++) {
                tokens.add(c.tokens().get(p));
                seq.add(s);
                pos.add(p);
                if (labels != null) {
                    labels.add(textLabels.get(s));
                }
            }
            if (c.truncated()) {
                progress.update("truncated to n_positions", ++truncated, texts.size());
            }
            progress.update("capture", s + 1, texts.size());
        }
        float[] acts = new float[tokens.size() * dim];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, acts, at, p.length);
            at += p.length;
        }
        if (tokens.isEmpty()) {
            throw new BridgeInputException(source, "no tokens captured");
        }
        return new ActivationSet(
                acts,
                tokens.size(),
                dim,
                List.copyOf(tokens),
                labels == null ? null : List.copyOf(labels),
                seq.stream().mapToInt(Integer::intValue).toArray(),
                pos.stream().mapToInt(Integer::intValue).toArray(),
                source);
    }

    /** The text of rows [row − radius, row + radius] within the row's sequence, the row's token in ⟦ ⟧. */
    public String context(int row, int radius) {
        if (tokens == null) {
            return "";
        }
        int from = Math.max(0, row - radius);
        int to = Math.min(rows - 1, row + radius);
        // byte-level BPE tokens (GPT-2) carry their own leading spaces: concatenate them as text
        boolean spaced = false;
        for (int r = from; r <= to; r++) {
            spaced |= sequence[r] == sequence[row] && tokens.get(r).startsWith(" ");
        }
        StringBuilder b = new StringBuilder();
        for (int r = from; r <= to; r++) {
            if (sequence[r] != sequence[row]) {
                continue;
            }
            if (b.length() > 0 && !spaced) {
                b.append(' ');
            }
            b.append(r == row ? "⟦" + tokens.get(r) + "⟧" : tokens.get(r));
        }
        return b.toString();
    }

    /** Writes acts [N, d] as an npz that {@link #load} reads back. */
    public void saveNpz(Path file) throws IOException {
        Map<String, NdArray> out = new LinkedHashMap<>();
        out.put("acts", NdArray.ofFloats(acts, rows, dim));
        Npz.write(file, out);
    }
}
