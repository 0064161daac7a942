package io.github.superpose.bridge;

import io.github.superpose.core.Backend;
import io.github.superpose.core.WorkerPool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A plain-Java BERT encoder forward pass (post-LayerNorm, exact erf GELU) that keeps the MLP
 * activations: {@code blocks.{l}.mlp.hook_pre} = x·W_in + b_in and {@code blocks.{l}.mlp.hook_post}
 * = GELU(hook_pre), both [tokens, d_mlp]. Each sequence attends only to itself, with no padding and no
 * attention mask, as for an unpadded single sentence; {@link #forwardBatch} stacks several sequences
 * as rows so every linear layer is one larger matrix product (the speed of capturing a corpus).
 * Stacked sequences are split into one part per worker, whole sentences with about equal rows, and
 * each worker runs every stage of its part alone: no thread waits for another between stages, and no
 * two threads write neighbouring cache lines. A single sequence runs each stage on all workers. Every
 * row's values are the same either way (products, attention and norms are per row or per sequence).
 *
 * <pre>BertEncoder.Output o = new BertEncoder(weights, new JavaBackend(2)).forward(ids);</pre>
 */
public final class BertEncoder {
    /** lastHidden [tokens, d_model]; mlpPre / mlpPost per layer, each [tokens, d_mlp]. */
    public record Output(int tokens, float[] lastHidden, List<float[]> mlpPre, List<float[]> mlpPost) {
        /** {@code blocks.{layer}.mlp.hook_post} as [tokens, d_mlp]. */
        public float[] hookPost(int layer) {
            return mlpPost.get(layer);
        }
    }

    /**
     * Stacked sequences: sequence s is rows [start[s], start[s + 1]); hookPost [rows, d_mlp] of the
     * one layer asked for (the layers above it are not run).
     */
    public record Batch(int[] start, float[] hookPost) {}

    private final BertWeights w;
    private final WorkerPool workers;
    /** Per layer: W_QKV, W_O, W_in, W_out packed for {@link PackedLinear}. */
    private final PackedBlocks linears;
    /** Names of the timed stages: the embeddings, then those of a layer, in order. */
    static final String[] STAGES = {"embed", "QKV", "attention", "O-proj", "LN1", "W_in+GELU", "W_out", "LN2"};
    /** When not null, nanoseconds per stage ({@link #STAGES}) are added here (benchmarks only). */
    long[] stageNanos;
    /** The stacked pass's buffers, kept for the next call, one per part running at once. */
    private final ConcurrentLinkedQueue<Workspace> spares = new ConcurrentLinkedQueue<>();
    /** The pool a part runs its stages on: the part's own thread alone. */
    private static final WorkerPool SERIAL = WorkerPool.forThreads(1, "bert-part");

    /**
     * The buffers of one stacked pass: x, QKV, the attention output, the MLP output, and the MLP
     * hidden layer, for up to {@code rows} rows. Reused from batch to batch, because fresh arrays of
     * about 30 MB per 2,048-row batch cost first-touch page faults and garbage collection that took a
     * third of a MiniLM pass (2.2 s against 1.25 s on a warm heap, 2 threads).
     */
    private record Workspace(int rows, float[] x, float[] qkv, float[] z, float[] y, float[] h) {
        static Workspace of(int rows, int d, int dMlp) {
            return new Workspace(
                    rows,
                    new float[rows * d],
                    new float[rows * 3 * d],
                    new float[rows * d],
                    new float[rows * d],
                    new float[rows * dMlp]);
        }
    }

    /** Runs on {@code backend.threads()} cores; the weights are packed (about as much memory again) when first used. */
    public BertEncoder(BertWeights weights, Backend backend) {
        this.w = weights;
        this.workers = TransformerOps.workers(backend.threads());
        this.linears = new PackedBlocks(w.nLayers(), l -> {
            BertWeights.Layer layer = w.layers().get(l);
            return PackedBlocks.of(
                    layer.W_QKV(),
                    layer.b_QKV(),
                    layer.W_O(),
                    layer.b_O(),
                    layer.W_in(),
                    layer.b_in(),
                    layer.W_out(),
                    layer.b_out(),
                    w.dModel(),
                    w.dMlp());
        });
    }

    public BertWeights weights() {
        return w;
    }

    /** Runs the encoder on one sequence's token ids (token type 0 throughout, positions 0..T-1), keeping every layer. */
    public Output forward(int[] ids) {
        List<float[]> pre = new ArrayList<>();
        List<float[]> post = new ArrayList<>();
        float[] last = run(List.of(ids), pre, post, -1, null, 0);
        return new Output(ids.length, last, List.copyOf(pre), List.copyOf(post));
    }

    /** The last hidden states [rows, d_model] of several sequences stacked (for timing the full pass). */
    float[] forwardStacked(List<int[]> seqs) {
        return run(seqs, null, null, -2, null, 0);
    }

    /** Runs several sequences stacked, keeping only {@code layer}'s hook_post. */
    public Batch forwardBatch(List<int[]> seqs, int layer) {
        int[] start = new int[seqs.size() + 1];
        for (int s = 0; s < seqs.size(); s++) {
            start[s + 1] = start[s] + seqs.get(s).length;
        }
        float[] post = new float[start[seqs.size()] * w.dMlp()];
        forwardBatch(seqs, layer, post, 0);
        return new Batch(start, post);
    }

    /**
     * Runs several sequences stacked and writes {@code layer}'s hook_post [rows, d_mlp] into
     * {@code into} from row {@code row} on, with no array allocated per call once the buffers exist.
     */
    public void forwardBatch(List<int[]> seqs, int layer, float[] into, int row) {
        if (layer < 0 || layer >= w.nLayers()) {
            throw new IllegalArgumentException("layer " + layer + " outside [0, " + w.nLayers() + ")");
        }
        run(seqs, null, null, layer, into, row);
    }

    /**
     * The forward pass over stacked sequences: fills pre (if not null) and post for every layer and
     * returns the last hidden state (keep = −1); keeps no activations and returns the last hidden
     * state (keep = −2); or with {@code keep} ≥ 0 writes that layer's hook_post into {@code into} from
     * row {@code intoRow} on and stops there.
     */
    private float[] run(List<int[]> seqs, List<float[]> pre, List<float[]> post, int keep, float[] into, int intoRow) {
        int rows = 0;
        for (int[] ids : seqs) {
            if (ids.length == 0 || ids.length > w.maxPositions()) {
                throw new IllegalArgumentException(
                        "sequence length " + ids.length + " outside [1, " + w.maxPositions() + "]");
            }
            rows += ids.length;
        }
        int parts = keep == -1 ? 1 : Math.min(workers.workers(), seqs.size());
        if (parts == 1) {
            return runPart(seqs, rows, pre, post, keep, into, intoRow, workers);
        }
        // whole sentences split into one contiguous part per worker, with about equal rows
        int[] first = new int[parts + 1];
        int[] firstRow = new int[parts + 1];
        int s = 0;
        int acc = 0;
        for (int p = 1; p < parts; p++) {
            while (s < seqs.size() - (parts - p) && (acc + seqs.get(s).length / 2) * parts < (long) rows * p) {
                acc += seqs.get(s++).length;
            }
            first[p] = s;
            firstRow[p] = acc;
        }
        first[parts] = seqs.size();
        firstRow[parts] = rows;
        float[] last = keep == -2 ? new float[rows * w.dModel()] : null;
        workers.run(parts, (p, worker) -> {
            float[] x = runPart(
                    seqs.subList(first[p], first[p + 1]),
                    firstRow[p + 1] - firstRow[p],
                    null,
                    null,
                    keep,
                    into,
                    intoRow + firstRow[p],
                    SERIAL);
            if (last != null) {
                System.arraycopy(x, 0, last, firstRow[p] * w.dModel(), x.length);
            }
        });
        return last;
    }

    /** {@link #run} of one part on {@code pool}, with a workspace taken from the spares and given back. */
    private float[] runPart(
            List<int[]> seqs,
            int rows,
            List<float[]> pre,
            List<float[]> post,
            int keep,
            float[] into,
            int intoRow,
            WorkerPool pool) {
        Workspace ws = spares.poll();
        if (ws == null || ws.rows() < rows) {
            ws = Workspace.of(Math.max(rows, ws == null ? 0 : ws.rows()), w.dModel(), w.dMlp());
        }
        try {
            return run(seqs, rows, ws, pre, post, keep, into, intoRow, pool);
        } finally {
            spares.offer(ws);
        }
    }

    private float[] run(
            List<int[]> seqs,
            int rows,
            Workspace ws,
            List<float[]> pre,
            List<float[]> post,
            int keep,
            float[] into,
            int intoRow,
            WorkerPool workers) {
        int d = w.dModel();
        int dMlp = w.dMlp();
        float[] x = ws.x();
        long t0 = System.nanoTime();
        int row = 0;
        for (int[] ids : seqs) {
            for (int i = 0; i < ids.length; i++, row++) {
                if (ids[i] < 0 || ids[i] >= w.vocab()) {
                    // as in Gpt2Model: the tokenizer and the weights came from different models (user input)
                    throw new BridgeInputException(
                            "tokenizer.json",
                            "token id " + ids[i] + " outside the model's vocabulary [0, " + w.vocab()
                                    + "): this tokenizer does not match the model");
                }
                for (int j = 0; j < d; j++) {
                    x[row * d + j] = w.wordEmbeddings()[ids[i] * d + j]
                            + w.positionEmbeddings()[i * d + j]
                            + w.tokenTypeEmbeddings()[j];
                }
            }
        }
        TransformerOps.addLayerNormInPlace(null, x, rows, d, w.lnEmbW(), w.lnEmbB(), w.lnEps(), workers);
        int[] start = new int[seqs.size() + 1];
        for (int s = 0; s < seqs.size(); s++) {
            start[s + 1] = start[s] + seqs.get(s).length;
        }
        float[] qkv = ws.qkv();
        float[] z = ws.z();
        float[] y = ws.y();
        long t = clock(0, t0);
        for (int l = 0; l < w.nLayers(); l++) {
            BertWeights.Layer layer = w.layers().get(l);
            PackedLinear[] lin = linears.block(l);
            lin[0].forward(x, rows, qkv, workers);
            t = clock(1, t);
            TransformerOps.attention(qkv, z, start, d, w.nHeads(), false, workers);
            t = clock(2, t);
            lin[1].forward(z, rows, y, workers);
            t = clock(3, t);
            TransformerOps.addLayerNormInPlace(y, x, rows, d, layer.ln1W(), layer.ln1B(), w.lnEps(), workers);
            t = clock(4, t);
            float[] h = keep == -1 ? new float[rows * dMlp] : ws.h();
            float[] hPre = pre == null ? null : new float[rows * dMlp];
            lin[2].forwardGelu(x, rows, hPre, h, false, workers);
            t = clock(5, t);
            if (pre != null) {
                pre.add(hPre);
            }
            if (keep == -1) {
                post.add(h);
            }
            if (keep == l) {
                System.arraycopy(h, 0, into, intoRow * dMlp, rows * dMlp);
                return null; // the layers above the kept hook cannot change it
            }
            lin[3].forward(h, rows, y, workers);
            t = clock(6, t);
            TransformerOps.addLayerNormInPlace(y, x, rows, d, layer.ln2W(), layer.ln2B(), w.lnEps(), workers);
            clock(7, t);
        }
        return Arrays.copyOf(x, rows * d);
    }

    /**
     * Adds the time since {@code since} to stage {@code stage} when timing; returns now. Parts on
     * several workers add their own time, so a stage's total is thread time, not wall time.
     */
    private long clock(int stage, long since) {
        long[] nanos = stageNanos;
        if (nanos == null) {
            return since;
        }
        long now = System.nanoTime();
        synchronized (nanos) {
            nanos[stage] += now - since;
        }
        return now;
    }
}
