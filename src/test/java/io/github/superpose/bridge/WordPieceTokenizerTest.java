package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Our WordPiece against the Rust tokenizers library (through DJL) on the same tokenizer.json. */
@Tag("minilm")
class WordPieceTokenizerTest {
    static final List<String> TEXTS = List.of(
            "Hello world, superposition!",
            "Crème brûlée, naïve café — ÉCOLE in Zürich; Ångström & Øresund.",
            "unknownwordzzqx antidisestablishmentarianism pneumonoultramicroscopic",
            "Tabs\tand\nnewlines\r\n  and   spaces, (brackets) [square] {curly} <angle> $5 + 3 = 8 ^_^ `x` | ~",
            "中文字符 and 日本語のテキスト, Ελληνικά ΣΟΦΟΣ, русский текст.",
            "Emoji 😀 and math ∑ x² ≤ ∞; quotes “smart” ‘single’ « guillemets » … ellipsis",
            "[MASK] tokens [SEP] inside text, and [cls] lower-case",
            "don't can't I'm it's U.S.A. e.g. 3.14159 1,000,000 50% #hashtag @user http://x.io/a?b=c",
            "",
            "   ");

    @Test
    void idsMatchTheRustTokenizer() throws Exception {
        WordPieceTokenizer ours = WordPieceTokenizer.fromResource(MiniLm.TOKENIZER_RESOURCE);
        HuggingFaceTokenizer ref;
        try (InputStream in = getClass().getResourceAsStream(MiniLm.TOKENIZER_RESOURCE)) {
            ref = HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false", "truncation", "false"));
        }
        for (String text : TEXTS) {
            Encoding e = ref.encode(text);
            int[] expected =
                    Arrays.stream(e.getIds()).mapToInt(Math::toIntExact).toArray();
            WordPieceTokenizer.Encoding got = ours.encode(text, 512);
            assertArrayEquals(
                    expected,
                    got.ids(),
                    "ids differ on: " + text + "\nexpected " + Arrays.asList(e.getTokens()) + "\ngot      "
                            + got.tokens());
        }
    }

    @Test
    void knownIds() {
        WordPieceTokenizer ours = WordPieceTokenizer.fromResource(MiniLm.TOKENIZER_RESOURCE);
        // the Rust library's ids for this sentence (reference/transformer-bridge.md §2.3)
        assertArrayEquals(
                new int[] {101, 7592, 2088, 1010, 3565, 26994, 999, 102},
                ours.encode("Hello world, superposition!", 512).ids());
        assertEquals(List.of("[CLS]", "[SEP]"), ours.encode("", 512).tokens());
        assertEquals(10, ours.encode("a ".repeat(100), 10).ids().length);
    }
}
