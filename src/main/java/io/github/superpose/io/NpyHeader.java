package io.github.superpose.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser for the Python dict literal in an npy header, e.g.
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}.
 *
 * <p>numpy reads this with {@code ast.literal_eval}; we accept only the subset numpy writes
 * (quoted strings, True/False, tuples of non-negative ints) and never evaluate anything.
 */
final class NpyHeader {
    final String descr;
    final boolean fortranOrder;
    final long[] shape;

    private NpyHeader(String descr, boolean fortranOrder, long[] shape) {
        this.descr = descr;
        this.fortranOrder = fortranOrder;
        this.shape = shape;
    }

    /** Parses {@code text}; problems name {@code source}. */
    static NpyHeader parse(String text, String source) throws FormatException {
        return new Parser(text, source).header();
    }

    private static final class Parser {
        private final String s;
        private final String source;
        private int pos;

        Parser(String s, String source) {
            this.s = s;
            this.source = source;
        }

        NpyHeader header() throws FormatException {
            Map<String, Object> dict = new HashMap<>();
            skipSpace();
            expect('{');
            skipSpace();
            while (peek() != '}') {
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                if (dict.put(key, value(key)) != null) {
                    throw fail("duplicate key '" + key + "' in header");
                }
                skipSpace();
                if (peek() != ',') {
                    break;
                }
                pos++;
                skipSpace();
            }
            expect('}');
            skipSpace();
            if (pos != s.length()) {
                throw fail("unexpected text after the header dict at offset " + pos);
            }
            return build(dict);
        }

        private NpyHeader build(Map<String, Object> dict) throws FormatException {
            if (dict.size() != 3
                    || !(dict.get("descr") instanceof String)
                    || !(dict.get("fortran_order") instanceof Boolean)
                    || !(dict.get("shape") instanceof long[])) {
                throw fail("header must have exactly the keys 'descr' (str), 'fortran_order' (bool) and"
                        + " 'shape' (tuple of ints), got " + dict.keySet());
            }
            return new NpyHeader(
                    (String) dict.get("descr"), (Boolean) dict.get("fortran_order"), (long[]) dict.get("shape"));
        }

        private Object value(String key) throws FormatException {
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            } else if (c == '(') {
                return tuple();
            } else if (s.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            } else if (s.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            } else if (c == '[' && key.equals("descr")) {
                throw fail("structured dtypes (descr is a list of fields) are not supported");
            }
            throw fail("unsupported value for '" + key + "' at offset " + pos
                    + "; expected a string, True/False or a tuple of ints");
        }

        private String string() throws FormatException {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw fail("expected a quoted string at offset " + pos);
            }
            int end = s.indexOf(quote, pos + 1);
            if (end < 0) {
                throw fail("unterminated string at offset " + pos);
            }
            String v = s.substring(pos + 1, end);
            if (v.indexOf('\\') >= 0) {
                throw fail("escape sequences are not supported in header strings");
            }
            pos = end + 1;
            return v;
        }

        private long[] tuple() throws FormatException {
            expect('(');
            List<Long> dims = new ArrayList<>();
            boolean trailingComma = false;
            skipSpace();
            while (peek() != ')') {
                dims.add(integer());
                skipSpace();
                trailingComma = peek() == ',';
                if (!trailingComma) {
                    break;
                }
                pos++;
                skipSpace();
            }
            expect(')');
            // Python needs a trailing comma for a 1-tuple: "(3)" is an int, not a shape.
            if (dims.size() == 1 && !trailingComma) {
                throw fail("shape '(n)' is not a tuple; a 1-d shape is written '(n,)'");
            }
            return dims.stream().mapToLong(Long::longValue).toArray();
        }

        private long integer() throws FormatException {
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
                pos++;
            }
            if (pos == start || pos - start > 18) {
                throw fail("expected a non-negative dimension (at most 18 digits) at offset " + start);
            }
            long v = Long.parseLong(s.substring(start, pos));
            if (pos < s.length() && s.charAt(pos) == 'L') {
                pos++; // Python 2 era numpy wrote long dims as 3L
            }
            return v;
        }

        private void skipSpace() {
            while (pos < s.length()
                    && (s.charAt(pos) == ' '
                            || s.charAt(pos) == '\n'
                            || s.charAt(pos) == '\t'
                            || s.charAt(pos) == '\r')) {
                pos++;
            }
        }

        private char peek() throws FormatException {
            if (pos >= s.length()) {
                throw fail("header dict ends early at offset " + pos);
            }
            return s.charAt(pos);
        }

        private void expect(char c) throws FormatException {
            if (peek() != c) {
                throw fail("expected '" + c + "' at offset " + pos + " of the header, found '" + s.charAt(pos) + "'");
            }
            pos++;
        }

        private FormatException fail(String problem) {
            return new FormatException(source, problem);
        }
    }
}
