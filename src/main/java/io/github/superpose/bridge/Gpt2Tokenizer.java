package io.github.superpose.bridge;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.util.ArrayList;
import java.util.List;

/**
 * GPT-2's byte-level BPE (tiktoken's r50k_base, the same 50,257 ids as Hugging Face's gpt2 tokenizer)
 * via JTokkit, pure Java. Every sequence starts with {@code <|endoftext|>} (50256) as a BOS token, as
 * TransformerLens's default {@code prepend_bos=True}, so the first real token has a context and is
 * predicted too. Text is encoded as ordinary text: a literal "<|endoftext|>" in the input is not
 * turned into the special token. Sequences longer than the model's n_positions (BOS included) are
 * cut to n_positions tokens and flagged {@code truncated}.
 *
 * <pre>Gpt2Tokenizer.Encoding e = Gpt2Tokenizer.get().encode("Hello world", 1024); // ids [50256, 15496, 995]</pre>
 */
public final class Gpt2Tokenizer {
    /** {@code <|endoftext|>}, prepended as BOS. */
    public static final int END_OF_TEXT = 50256;

    private static volatile Gpt2Tokenizer instance;

    private final com.knuddels.jtokkit.api.Encoding r50k;

    private Gpt2Tokenizer(com.knuddels.jtokkit.api.Encoding r50k) {
        this.r50k = r50k;
    }

    /** The shared tokenizer (loading the BPE ranks takes a moment, so it is built once). */
    public static Gpt2Tokenizer get() {
        Gpt2Tokenizer t = instance;
        if (t == null) {
            synchronized (Gpt2Tokenizer.class) {
                if (instance == null) {
                    instance = new Gpt2Tokenizer(
                            Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE));
                }
                t = instance;
            }
        }
        return t;
    }

    /**
     * Token ids (BOS first) and each id's text.
     *
     * @param truncated the text had more than {@code maxLength} tokens with BOS; only the first were kept
     */
    public record Encoding(int[] ids, List<String> tokens, boolean truncated) {}

    /** BOS + the ids of {@code text}, at most {@code maxLength} in all. */
    public Encoding encode(String text, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be >= 1, got " + maxLength);
        }
        IntArrayList body = r50k.encodeOrdinary(text);
        int n = Math.min(maxLength, body.size() + 1);
        int[] ids = new int[n];
        ids[0] = END_OF_TEXT;
        for (int i = 1; i < n; i++) {
            ids[i] = body.get(i - 1);
        }
        List<String> tokens = new ArrayList<>(n);
        for (int id : ids) {
            tokens.add(decode(id));
        }
        return new Encoding(ids, List.copyOf(tokens), body.size() + 1 > maxLength);
    }

    /** The ids of {@code text} without BOS or truncation. */
    public int[] encodeOrdinary(String text) {
        return r50k.encodeOrdinary(text).toArray();
    }

    /**
     * One token's text. A token holding part of a multi-byte UTF-8 character decodes to U+FFFD, so
     * the neuron tables stay readable strings.
     */
    public String decode(int id) {
        IntArrayList one = new IntArrayList(1);
        one.add(id);
        return r50k.decode(one);
    }
}
