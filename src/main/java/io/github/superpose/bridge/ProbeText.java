package io.github.superpose.bridge;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A probe's text file, checked before any model runs: UTF-8 (a bad byte is reported by line), one
 * sentence per line, optionally {@code LABEL<TAB>sentence}; blank lines and lines starting with
 * '#' are skipped, and a file with no sentence left is refused. Each kept sentence remembers its
 * line number, so a sentence longer than the model's context is reported by line.
 *
 * <pre>ProbeText t = ProbeText.read(Path.of("sentences.txt")); t.checkLength(tokens, 512, "MiniLM");</pre>
 *
 * @param labels one per sentence when any line has a label (else null)
 * @param lines  each sentence's 1-based line number in the file
 */
record ProbeText(Path file, List<String> texts, List<String> labels, int[] lines) {

    static ProbeText read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BridgeInputException(file, "cannot read text file: " + e.getMessage(), e);
        }
        String all = decodeUtf8(file, bytes);
        if (all.startsWith("\uFEFF")) {
            all = all.substring(1);
        }
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Integer> lineNo = new ArrayList<>();
        boolean anyLabel = false;
        String[] lines = all.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            anyLabel |= tab >= 0;
            String text = tab >= 0 ? line.substring(tab + 1) : line;
            if (text.isBlank()) {
                throw new BridgeInputException(file, "line " + (i + 1) + " has a label but no sentence after the tab");
            }
            labels.add(tab >= 0 ? line.substring(0, tab).trim() : "");
            texts.add(text);
            lineNo.add(i + 1);
        }
        if (texts.isEmpty()) {
            throw new BridgeInputException(
                    file,
                    bytes.length == 0
                            ? "the file is empty; expected one sentence per line"
                            : "no sentences: only blank or '#' lines; expected one sentence per line");
        }
        return new ProbeText(
                file,
                List.copyOf(texts),
                anyLabel ? List.copyOf(labels) : null,
                lineNo.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Strict UTF-8: the first malformed byte is reported with its line number. */
    private static String decodeUtf8(Path file, byte[] bytes) {
        CharsetDecoder dec = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = dec.decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new BridgeInputException(
                    file,
                    String.format(
                            "not UTF-8 text: invalid byte 0x%02X at line %d"
                                    + " (byte offset %d); convert it, e.g. iconv -f latin1 -t utf-8",
                            bytes[at] & 0xff, line, at));
        }
        dec.flush(out);
        return out.flip().toString();
    }

    /**
     * Refuses a sentence with more than {@code limit} tokens (as {@code tokens} counts them, special
     * tokens included), rather than cutting it silently: its line number and length are reported.
     */
    void checkLength(ToIntFunction<String> tokens, int limit, String model) {
        for (int i = 0; i < texts.size(); i++) {
            int n = tokens.applyAsInt(texts.get(i));
            if (n > limit) {
                throw new BridgeInputException(
                        file,
                        "line " + lines[i] + " has " + n + " tokens, more than " + model + "'s limit of " + limit
                                + "; split it into shorter lines");
            }
        }
    }

    ActivationSet.TextLines textLines() {
        return new ActivationSet.TextLines(texts, labels);
    }
}
