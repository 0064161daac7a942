package io.github.superpose.bridge;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.superpose.core.JavaBackend;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MiniLM forward-pass speed, ours against ONNX Runtime (the test-scope dependency the parity tests
 * use) on the same token ids, all six layers, tokens per second, median of R runs, printed as one
 * JSON line after one line per side with every run's rate. ONNX Runtime runs each sentence as its
 * own unpadded batch of one (no padding work) and, second, in padded batches of 32 sentences sorted
 * by length (similar lengths, little padding); ours stacks whole sentences into batches of about
 * {@link MiniLm#BATCH_ROWS} rows with no padding at all. The three sides alternate within each
 * repetition, so a load change on a shared machine hits all of them alike; the ratios are what
 * carries over. Each side runs one untimed pass first (JIT compilation, ONNX Runtime's buffers). A
 * last line gives our time per stage (summed over the layers), the mean over the timed passes.
 *
 * <pre>bench/minilm_bench.sh            # or: java -cp ... io.github.superpose.bridge.MiniLmSpeed FILE [N] [R] [THREADS]</pre>
 */
public final class MiniLmSpeed {
    public static void main(String[] args) throws Exception {
        List<String> lines = Files.readAllLines(Path.of(args[0])).stream()
                .filter(l -> !l.isBlank())
                .map(l -> l.contains("\t") ? l.substring(l.indexOf('\t') + 1) : l)
                .toList();
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        MiniLm m = MiniLm.load(new JavaBackend(threads));
        List<int[]> ids = new ArrayList<>();
        long tokens = 0;
        for (String s : lines.subList(0, Math.min(n, lines.size()))) {
            int[] e = m.tokenizer().encode(s, MiniLm.MAX_LENGTH).ids();
            ids.add(e);
            tokens += e.length;
        }
        BertEncoder enc = new BertEncoder(m.weights(), new JavaBackend(threads));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        opts.setIntraOpNumThreads(threads);
        opts.setInterOpNumThreads(1);
        byte[] model;
        try (InputStream in = MiniLm.class.getResourceAsStream(MiniLm.ONNX_RESOURCE)) {
            model = in.readAllBytes();
        }
        try (OrtSession ort = env.createSession(model, opts)) {
            double[] ours = new double[reps];
            double[] ortOne = new double[reps];
            double[] ortBatched = new double[reps];
            // one untimed pass per side first: the JIT compiles the vector kernels during it, and
            // ONNX Runtime allocates its buffers
            runOurs(enc, ids);
            runOrt(env, ort, ids, 1);
            runOrt(env, ort, ids, 32);
            enc.stageNanos = new long[BertEncoder.STAGES.length];
            double passes = 0;
            for (int r = 0; r < reps; r++) {
                double seconds = runOurs(enc, ids);
                passes += seconds;
                ours[r] = tokens / seconds;
                ortOne[r] = tokens / runOrt(env, ort, ids, 1);
                ortBatched[r] = tokens / runOrt(env, ort, ids, 32);
            }
            StringBuilder stages = new StringBuilder("ours per stage, mean of the " + reps + " timed passes of "
                    + Math.round(passes / reps * 1000) + " ms:");
            for (int i = 0; i < BertEncoder.STAGES.length; i++) {
                stages.append(String.format(" %s %d ms,", BertEncoder.STAGES[i], enc.stageNanos[i] / reps / 1_000_000));
            }
            enc.stageNanos = null;
            System.out.println(stages.substring(0, stages.length() - 1));
            System.out.println("ours tokens/s:                   " + rates(ours));
            System.out.println("ONNX Runtime batch 1 tokens/s:   " + rates(ortOne));
            System.out.println("ONNX Runtime batch 32 tokens/s:  " + rates(ortBatched));
            System.out.printf(
                    "{\"sentences\": %d, \"tokens\": %d, \"threads\": %d, \"runs\": %d, \"ours_tokens_per_s\": %.0f,"
                            + " \"ort_batch1_tokens_per_s\": %.0f, \"ort_batch32_padded_tokens_per_s\": %.0f,"
                            + " \"ours_over_ort_batch1\": %.2f, \"ours_over_ort_batch32\": %.2f}%n",
                    ids.size(),
                    tokens,
                    threads,
                    reps,
                    median(ours),
                    median(ortOne),
                    median(ortBatched),
                    median(ours) / median(ortOne),
                    median(ours) / median(ortBatched));
        }
    }

    private static double runOurs(BertEncoder enc, List<int[]> ids) {
        long t0 = System.nanoTime();
        for (int s0 = 0; s0 < ids.size(); ) {
            int s1 = s0;
            int rows = 0;
            while (s1 < ids.size() && (s1 == s0 || rows + ids.get(s1).length <= MiniLm.BATCH_ROWS)) {
                rows += ids.get(s1++).length;
            }
            enc.forwardStacked(ids.subList(s0, s1));
            s0 = s1;
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Seconds for ONNX Runtime over all sentences, {@code batch} at a time (sorted by length, padded, masked). */
    private static double runOrt(OrtEnvironment env, OrtSession ort, List<int[]> ids, int batch) throws Exception {
        List<int[]> sorted = new ArrayList<>(ids);
        if (batch > 1) {
            sorted.sort((a, b) -> Integer.compare(a.length, b.length));
        }
        long t0 = System.nanoTime();
        for (int s0 = 0; s0 < sorted.size(); s0 += batch) {
            List<int[]> part = sorted.subList(s0, Math.min(sorted.size(), s0 + batch));
            int len = part.stream().mapToInt(a -> a.length).max().orElse(1);
            long[][] input = new long[part.size()][len];
            long[][] mask = new long[part.size()][len];
            for (int i = 0; i < part.size(); i++) {
                for (int j = 0; j < part.get(i).length; j++) {
                    input[i][j] = part.get(i)[j];
                    mask[i][j] = 1;
                }
            }
            Map<String, OnnxTensor> in = new HashMap<>();
            in.put("input_ids", OnnxTensor.createTensor(env, input));
            in.put("attention_mask", OnnxTensor.createTensor(env, mask));
            if (ort.getInputNames().contains("token_type_ids")) {
                in.put("token_type_ids", OnnxTensor.createTensor(env, new long[part.size()][len]));
            }
            try (OrtSession.Result r = ort.run(in)) {
                r.get(0);
            }
            in.values().forEach(OnnxTensor::close);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String rates(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double r : v) {
            b.append(String.format("%.0f  ", r));
        }
        return b.append(String.format("(median %.0f)", median(v))).toString();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
