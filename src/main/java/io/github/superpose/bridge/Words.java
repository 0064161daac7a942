package io.github.superpose.bridge;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * Rebuilds words from the token pieces of an {@link ActivationSet}, so tables and pages show
 * "louis⟦ville⟧" rather than "louis ##ville". Two spellings are recognised: WordPiece, where a
 * piece continuing a word starts with "##", and byte-level BPE (GPT-2), where a piece starting a
 * word carries its leading space. Anything else (e.g. token ids from a dump) is one word per token.
 *
 * <pre>Words w = Words.of(acts); String word = w.wordAt(row, "⟦", "⟧");</pre>
 */
final class Words {
    enum Style {
        WORDPIECE,
        BPE,
        PLAIN
    }

    private final ActivationSet a;
    private final Style style;

    private Words(ActivationSet a, Style style) {
        this.a = a;
        this.style = style;
    }

    static Words of(ActivationSet a) {
        Style s = Style.PLAIN;
        if (a.hasTokens()) {
            for (String t : a.tokens()) {
                if (t.startsWith("##") && t.length() > 2) {
                    s = Style.WORDPIECE;
                    break;
                }
                if (t.startsWith(" ")) {
                    s = Style.BPE;
                }
            }
        }
        return new Words(a, s);
    }

    Style style() {
        return style;
    }

    /** The row's token as shown inside a word: "##ville" → "ville"; BPE keeps its leading space. */
    String piece(int row) {
        if (!a.hasTokens()) {
            return "#" + row; // a dump without tokens: show which row it is
        }
        String t = a.tokens().get(row);
        return style == Style.WORDPIECE && joinsPrevious(t) ? t.substring(2) : t;
    }

    /** The text shown between the previous row's piece and this one: a space, or nothing inside a word. */
    String gapBefore(int row) {
        if (style == Style.BPE || row == 0 || a.sequence()[row - 1] != a.sequence()[row]) {
            return "";
        }
        if (!a.hasTokens()) {
            return " ";
        }
        return joinsPrevious(a.tokens().get(row)) ? "" : " ";
    }

    /** Whether this token continues the word of the token before it. */
    boolean joinsPrevious(String t) {
        return switch (style) {
            case WORDPIECE -> t.startsWith("##");
            case BPE -> !t.isEmpty() && !t.startsWith(" ") && hasLetterOrDigit(t);
            case PLAIN -> false;
        };
    }

    /** The word holding {@code row}, its own piece wrapped in {@code open}/{@code close}; leading space trimmed. */
    String wordAt(int row, String open, String close) {
        if (!a.hasTokens()) {
            return "";
        }
        int from = row;
        while (from > 0
                && sameSeq(from - 1, row)
                && joinsPrevious(a.tokens().get(from))
                && (style != Style.BPE || hasLetterOrDigit(a.tokens().get(from - 1)))) {
            from--;
        }
        int to = row;
        while (to + 1 < a.rows()
                && sameSeq(to + 1, row)
                && joinsPrevious(a.tokens().get(to + 1))
                && (style != Style.BPE || hasLetterOrDigit(a.tokens().get(to)))) {
            to++;
        }
        if (from == to) {
            return piece(row).strip();
        }
        StringBuilder b = new StringBuilder();
        for (int r = from; r <= to; r++) {
            b.append(r == row ? open + piece(r) + close : piece(r));
        }
        return b.toString().strip();
    }

    /** Rows [row − radius, row + radius] of the row's sequence as text, the row's piece wrapped in ⟦ ⟧. */
    String context(int row, int radius) {
        if (!a.hasTokens()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int r = Math.max(0, row - radius); r <= Math.min(a.rows() - 1, row + radius); r++) {
            if (!sameSeq(r, row)) {
                continue;
            }
            if (b.length() > 0) {
                b.append(gapBefore(r));
            }
            b.append(r == row ? "⟦" + piece(r) + "⟧" : piece(r));
        }
        return b.toString().strip();
    }

    private boolean sameSeq(int r, int s) {
        return a.sequence()[r] == a.sequence()[s];
    }

    private static boolean hasLetterOrDigit(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (Character.isLetterOrDigit(t.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** An activation as printed in neurons.csv and on the pages, so the two can be compared exactly. */
    static String value(double v) {
        return fixed(v, 3);
    }

    /**
     * Exactly {@code String.format(Locale.ROOT, "%.Nf", v)} for N = {@code decimals}: the shortest
     * decimal that reads back as v, rounded half up, a minus sign kept on a value that rounds to zero.
     * A page shows tens of thousands of values, and a {@code Formatter} per value cost more than
     * everything else on it.
     */
    static String fixed(double v, int decimals) {
        if (!Double.isFinite(v) || Math.abs(v) >= 1e15) {
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).setScale(decimals, RoundingMode.HALF_UP);
        String s = d.toPlainString();
        boolean negative = v < 0 || (v == 0 && 1 / v < 0);
        return negative && d.signum() == 0 ? "-" + s : s;
    }

    /** "word=value" entries joined by " | " for the first {@code limit} examples. */
    static String topList(List<NeuronStats.TopExample> top, int limit) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(limit, top.size()); i++) {
            if (i > 0) {
                b.append(" | ");
            }
            b.append(top.get(i).word()).append('=').append(value(top.get(i).value()));
        }
        return b.toString();
    }
}
