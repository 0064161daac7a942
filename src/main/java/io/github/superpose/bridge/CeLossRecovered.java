package io.github.superpose.bridge;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * SAELens's cross-entropy "loss recovered" for one MLP layer of a GPT-2: next-token CE on the probe's
 * text (a) clean, (b) with {@code blocks.{layer}.mlp.hook_post} replaced by the SAE's reconstruction
 * decode(encode(x)), (c) with hook_post zero-ablated, which is SAELens's zero ablation of the hooked
 * activation: the MLP output becomes b_out, not 0. score = (CE_zero − CE_sae) / (CE_zero − CE_clean):
 * 1 when the SAE loses nothing, 0 when it is no better than ablation.
 *
 * <pre>CeLossRecovered ce = CeLossRecovered.measure(model, texts, 5, x -> x.clone(), ProgressListener.NONE); // score 1</pre>
 *
 * The BOS position is neither spliced nor ablated: it is the same in every sequence and is not among
 * the SAE's training rows. Each CE is the mean over all predicted tokens of all sequences (a sequence
 * of T tokens with BOS has T − 1 predictions), in nats.
 *
 * @param predictions next-token predictions the means run over
 */
public record CeLossRecovered(double clean, double sae, double zeroAblation, int predictions) {

    public double score() {
        return (zeroAblation - sae) / (zeroAblation - clean);
    }

    /**
     * @param reconstruct maps hook_post rows [n, d_mlp] (n = tokens − 1, BOS dropped) to their reconstruction
     */
    public static CeLossRecovered measure(
            Gpt2Model model,
            List<String> texts,
            int layer,
            UnaryOperator<float[]> reconstruct,
            ProgressListener progress) {
        int dMlp = model.weights().dMlp();
        Gpt2Model.Splice sae = afterBos(layer, dMlp, reconstruct);
        Gpt2Model.Splice zero = afterBos(layer, dMlp, x -> new float[x.length]);
        double clean = 0;
        double spliced = 0;
        double ablated = 0;
        int n = 0;
        for (int s = 0; s < texts.size(); s++) {
            int[] ids = model.tokenizer()
                    .encode(texts.get(s), model.weights().nPositions())
                    .ids();
            clean += model.crossEntropySum(model.forward(ids), ids);
            spliced += model.crossEntropySum(model.forward(ids, sae), ids);
            ablated += model.crossEntropySum(model.forward(ids, zero), ids);
            n += ids.length - 1;
            progress.update("ce", s + 1, texts.size());
        }
        return new CeLossRecovered(clean / n, spliced / n, ablated / n, n);
    }

    /** Replaces rows 1..T-1 of {@code layer}'s hook_post by {@code f} of them; row 0 (BOS) is kept. */
    static Gpt2Model.Splice afterBos(int layer, int dMlp, UnaryOperator<float[]> f) {
        return (l, post, tokens) -> {
            if (l != layer || tokens < 2) {
                return post;
            }
            float[] rows = new float[(tokens - 1) * dMlp];
            System.arraycopy(post, dMlp, rows, 0, rows.length);
            float[] out = post.clone();
            System.arraycopy(f.apply(rows), 0, out, dMlp, rows.length);
            return out;
        };
    }
}
