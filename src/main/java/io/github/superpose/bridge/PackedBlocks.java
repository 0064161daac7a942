package io.github.superpose.bridge;

import java.util.function.IntFunction;

/**
 * The four linear layers of every transformer block (W_QKV, W_O, W_in, W_out; BERT and GPT-2 alike),
 * packed for {@link PackedLinear} on the first forward pass: a snapshot of the weight arrays, so a
 * weight changed after that is not seen (build a new model instead).
 */
final class PackedBlocks {
    private final int blocks;
    private final IntFunction<PackedLinear[]> pack;
    private PackedLinear[][] packed;

    /** {@code pack} gives block l's four layers, e.g. through {@link #of}. */
    PackedBlocks(int blocks, IntFunction<PackedLinear[]> pack) {
        this.blocks = blocks;
        this.pack = pack;
    }

    /** Block l's layers {W_QKV, W_O, W_in, W_out}, packing every block on the first call. */
    synchronized PackedLinear[] block(int l) {
        if (packed == null) {
            PackedLinear[][] all = new PackedLinear[blocks][];
            for (int b = 0; b < blocks; b++) {
                all[b] = pack.apply(b);
            }
            packed = all;
        }
        return packed[l];
    }

    /** One block's four layers for model width d and MLP width dMlp. */
    static PackedLinear[] of(
            float[] wQkv,
            float[] bQkv,
            float[] wO,
            float[] bO,
            float[] wIn,
            float[] bIn,
            float[] wOut,
            float[] bOut,
            int d,
            int dMlp) {
        return new PackedLinear[] {
            new PackedLinear(wQkv, bQkv, d, 3 * d),
            new PackedLinear(wO, bO, d, d),
            new PackedLinear(wIn, bIn, d, dMlp),
            new PackedLinear(wOut, bOut, dMlp, d)
        };
    }
}
