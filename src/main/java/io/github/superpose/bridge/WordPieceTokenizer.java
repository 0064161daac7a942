package io.github.superpose.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BERT's WordPiece tokenizer, read from a Hugging Face {@code tokenizer.json} with a WordPiece model
 * and a BertNormalizer: clean text, pad CJK ideographs with spaces, strip accents (NFD, drop Mn) and
 * lower-case; split on whitespace and punctuation; greedy longest-match-first word pieces with the
 * {@code ##} prefix, a whole word becoming [UNK] when any piece is missing; then [CLS] … [SEP].
 * Added special tokens written literally in the text ("[MASK]") are kept whole, as the Rust library does.
 *
 * <pre>WordPieceTokenizer tok = WordPieceTokenizer.fromResource("/all-minilm-l6-v2-tokenizer.json");
 * Encoding e = tok.encode("Hello world!", 512);</pre>
 */
public final class WordPieceTokenizer {
    /** Token ids and their strings, [CLS] and [SEP] included. */
    public record Encoding(int[] ids, List<String> tokens) {}

    private final Map<String, Integer> vocab;
    private final String[] byId;
    private final List<String> specials;
    private final String unk;
    private final String prefix;
    private final int maxWordChars;
    private final boolean lowercase;
    private final boolean stripAccents;
    private final boolean cleanText;
    private final boolean chineseChars;

    private WordPieceTokenizer(JsonNode root, String source) {
        JsonNode model = root.path("model");
        if (!"WordPiece".equals(model.path("type").asText())) {
            throw new BridgeInputException(
                    source,
                    "tokenizer model type is '" + model.path("type").asText() + "', only WordPiece is supported");
        }
        vocab = new HashMap<>();
        int max = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = model.path("vocab").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            vocab.put(e.getKey(), e.getValue().asInt());
            max = Math.max(max, e.getValue().asInt());
        }
        byId = new String[max + 1];
        vocab.forEach((k, v) -> byId[v] = k);
        specials = new ArrayList<>();
        root.path("added_tokens").forEach(t -> specials.add(t.path("content").asText()));
        unk = model.path("unk_token").asText("[UNK]");
        prefix = model.path("continuing_subword_prefix").asText("##");
        maxWordChars = model.path("max_input_chars_per_word").asInt(100);
        JsonNode norm = root.path("normalizer");
        lowercase = norm.path("lowercase").asBoolean(true);
        // strip_accents null means "follow lowercase", as in BertNormalizer
        stripAccents = norm.path("strip_accents").isBoolean()
                ? norm.path("strip_accents").asBoolean()
                : lowercase;
        cleanText = norm.path("clean_text").asBoolean(true);
        chineseChars = norm.path("handle_chinese_chars").asBoolean(true);
        for (String s : new String[] {unk, "[CLS]", "[SEP]"}) {
            if (!vocab.containsKey(s)) {
                throw new BridgeInputException(source, "vocabulary has no " + s + " token");
            }
        }
    }

    public static WordPieceTokenizer fromFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new WordPieceTokenizer(new ObjectMapper().readTree(in), file.toString());
        } catch (IOException e) {
            throw new BridgeInputException(file, "cannot read tokenizer.json: " + e.getMessage(), e);
        }
    }

    public static WordPieceTokenizer fromResource(String resource) {
        try (InputStream in = WordPieceTokenizer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new BridgeInputException(resource, "resource not on the classpath");
            }
            return new WordPieceTokenizer(new ObjectMapper().readTree(in), resource);
        } catch (IOException e) {
            throw new BridgeInputException(resource, "cannot read tokenizer.json: " + e.getMessage(), e);
        }
    }

    public int vocabSize() {
        return byId.length;
    }

    public String token(int id) {
        return byId[id];
    }

    /**
     * [CLS] pieces [SEP], the pieces truncated on the right to {@code maxLength − 2}
     * (langchain4j instead embeds longer texts in 510-piece windows and averages them).
     */
    public Encoding encode(String text, int maxLength) {
        List<String> pieces = tokenize(text);
        if (pieces.size() > maxLength - 2) {
            pieces = pieces.subList(0, Math.max(0, maxLength - 2));
        }
        List<String> tokens = new ArrayList<>(pieces.size() + 2);
        tokens.add("[CLS]");
        tokens.addAll(pieces);
        tokens.add("[SEP]");
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocab.get(tokens.get(i));
        }
        return new Encoding(ids, List.copyOf(tokens));
    }

    /** The word pieces of {@code text}, without [CLS]/[SEP]. */
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int[] hit = nextSpecial(text, from);
            int stop = hit == null ? text.length() : hit[0];
            for (String word : preTokenize(normalize(text.substring(from, stop)))) {
                wordPiece(word, out);
            }
            if (hit == null) {
                break;
            }
            out.add(specials.get(hit[1]));
            from = hit[0] + specials.get(hit[1]).length();
        }
        return out;
    }

    /** {position, index} of the earliest (then longest) added token at or after {@code from}, or null. */
    private int[] nextSpecial(String text, int from) {
        int[] best = null;
        for (int s = 0; s < specials.size(); s++) {
            String sp = specials.get(s);
            int at = sp.isEmpty() ? -1 : text.indexOf(sp, from);
            if (at >= 0
                    && (best == null
                            || at < best[0]
                            || (at == best[0]
                                    && sp.length() > specials.get(best[1]).length()))) {
                best = new int[] {at, s};
            }
        }
        return best;
    }

    String normalize(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (cleanText) {
                if (c == 0 || c == 0xFFFD || isControl(c)) {
                    return;
                }
                if (isWhitespace(c)) {
                    c = ' ';
                }
            }
            if (chineseChars && isChinese(c)) {
                b.append(' ').appendCodePoint(c).append(' ');
            } else {
                b.appendCodePoint(c);
            }
        });
        String out = b.toString();
        if (stripAccents) {
            StringBuilder nb = new StringBuilder(out.length());
            Normalizer.normalize(out, Normalizer.Form.NFD)
                    .codePoints()
                    .filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
                    .forEach(nb::appendCodePoint);
            out = nb.toString();
        }
        if (!lowercase) {
            return out;
        }
        // per code point, as the Rust library maps each char: no final-sigma context rule
        StringBuilder lb = new StringBuilder(out.length());
        out.codePoints().forEach(c -> lb.append(new String(Character.toChars(c)).toLowerCase(Locale.ROOT)));
        return lb.toString();
    }

    /** Splits on whitespace (dropped) and punctuation (each mark its own word). */
    static List<String> preTokenize(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (isWhitespace(c) || isPunctuation(c)) {
                if (cur.length() > 0) {
                    words.add(cur.toString());
                    cur.setLength(0);
                }
                if (!isWhitespace(c)) {
                    words.add(new String(Character.toChars(c)));
                }
            } else {
                cur.appendCodePoint(c);
            }
        }
        if (cur.length() > 0) {
            words.add(cur.toString());
        }
        return words;
    }

    private void wordPiece(String word, List<String> out) {
        int[] cps = word.codePoints().toArray();
        if (cps.length > maxWordChars) {
            out.add(unk);
            return;
        }
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < cps.length) {
            String found = null;
            int end = cps.length;
            for (; end > start; end--) {
                String sub = new String(cps, start, end - start);
                if (start > 0) {
                    sub = prefix + sub;
                }
                if (vocab.containsKey(sub)) {
                    found = sub;
                    break;
                }
            }
            if (found == null) {
                out.add(unk);
                return;
            }
            pieces.add(found);
            start = end;
        }
        out.addAll(pieces);
    }

    /** Rust's char::is_whitespace (Unicode White_Space) plus \t \n \r. */
    static boolean isWhitespace(int c) {
        return (c >= 0x09 && c <= 0x0D)
                || c == 0x20
                || c == 0x85
                || c == 0xA0
                || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A)
                || c == 0x2028
                || c == 0x2029
                || c == 0x202F
                || c == 0x205F
                || c == 0x3000;
    }

    /** Other categories Cc, Cf, Cn, Co, Cs, except \t \n \r (which clean_text turns into spaces). */
    static boolean isControl(int c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return false;
        }
        int t = Character.getType(c);
        return t == Character.CONTROL
                || t == Character.FORMAT
                || t == Character.UNASSIGNED
                || t == Character.PRIVATE_USE
                || t == Character.SURROGATE;
    }

    /** ASCII punctuation (which includes symbols such as $ + < = > ^ ` | ~) or a Unicode P* category. */
    static boolean isPunctuation(int c) {
        if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
            return true;
        }
        int t = Character.getType(c);
        return t == Character.CONNECTOR_PUNCTUATION
                || t == Character.DASH_PUNCTUATION
                || t == Character.START_PUNCTUATION
                || t == Character.END_PUNCTUATION
                || t == Character.INITIAL_QUOTE_PUNCTUATION
                || t == Character.FINAL_QUOTE_PUNCTUATION
                || t == Character.OTHER_PUNCTUATION;
    }

    static boolean isChinese(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF)
                || (c >= 0x3400 && c <= 0x4DBF)
                || (c >= 0x20000 && c <= 0x2A6DF)
                || (c >= 0x2A700 && c <= 0x2B73F)
                || (c >= 0x2B740 && c <= 0x2B81F)
                || (c >= 0x2B920 && c <= 0x2CEAF)
                || (c >= 0xF900 && c <= 0xFAFF)
                || (c >= 0x2F800 && c <= 0x2FA1F);
    }
}
