package io.github.superpose.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;

/**
 * Strict, typed reads from one table of a parsed spec. Every failure is a {@link SpecException}
 * whose message names the file, the dotted field and what was expected.
 */
final class Fields {
    private final String file;
    private final String prefix;
    private final JsonNode node;

    Fields(String file, String prefix, JsonNode node) {
        this.file = file;
        this.prefix = prefix;
        this.node = node;
    }

    String path(String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    SpecException error(String key, String problem) {
        return new SpecException(file + ": " + path(key) + ": " + problem);
    }

    /** Refuses keys outside {@code allowed}. */
    void onlyKeys(Set<String> allowed) {
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new SpecException(file + ": unknown key '" + safe(path(k)) + "' (expected one of "
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    boolean has(String key) {
        return node.has(key);
    }

    Fields table(String key) {
        JsonNode t = node.get(key);
        if (t == null) {
            return new Fields(
                    file, path(key), com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        }
        if (!t.isObject()) {
            throw error(key, "expected a table, got " + describe(t));
        }
        return new Fields(file, path(key), t);
    }

    String string(String key, String dflt) {
        JsonNode v = node.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw error(key, "expected a string, got " + describe(v));
        }
        return v.asText();
    }

    String choice(String key, String dflt, Set<String> allowed) {
        String s = string(key, dflt);
        if (!allowed.contains(s)) {
            throw error(key, "'" + safe(s) + "' is not one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
        return s;
    }

    /** An integer key declared in {@link SpecSchema}, with its default and range. */
    long integer(SpecSchema.Key k) {
        return integer(k.name(), k.dflt(), k.min(), k.max());
    }

    long integer(String key, long dflt, long min, long max) {
        JsonNode v = node.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isIntegralNumber()) {
            throw error(key, "expected an integer, got " + describe(v));
        }
        if (!v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw error(key, "expected an integer in [" + min + ", " + max + "], got " + v.asText());
        }
        return v.asLong();
    }

    double number(String key, double dflt, double min, double max, boolean minOpen) {
        JsonNode v = node.get(key);
        if (v == null) {
            return dflt;
        }
        return checkNumber(key, v, min, max, minOpen);
    }

    private double checkNumber(String key, JsonNode v, double min, double max, boolean minOpen) {
        if (!v.isNumber()) {
            throw error(key, "expected a number, got " + describe(v));
        }
        double d = v.asDouble();
        boolean below = minOpen ? !(d > min) : !(d >= min);
        if (below || !(d <= max) || !Double.isFinite(d)) {
            throw error(
                    key,
                    "expected a number in " + (minOpen ? "(" : "[") + fmt(min) + ", " + fmt(max) + "], got "
                            + v.asText());
        }
        // training runs in float32: a value that becomes infinite or leaves its range there is refused here
        float f = (float) d;
        if (Float.isInfinite(f) || (minOpen ? !(f > min) : !(f >= min))) {
            throw error(
                    key,
                    (Float.isInfinite(f) ? "too large" : "too small") + " for float32 (" + v.asText() + " becomes " + f
                            + ")");
        }
        return d;
    }

    double[] numbers(String key, double min, double max, boolean minOpen) {
        JsonNode v = node.get(key);
        if (v == null) {
            return null;
        }
        if (!v.isArray() || v.size() == 0) {
            throw error(key, "expected a non-empty array of numbers, got " + describe(v));
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = checkNumber(key + "[" + i + "]", v.get(i), min, max, minOpen);
        }
        return out;
    }

    java.util.List<String> strings(String key) {
        JsonNode v = node.get(key);
        java.util.List<String> out = new java.util.ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw error(key, "expected an array of strings, got " + describe(v));
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw error(key + "[" + i + "]", "expected a string, got " + describe(v.get(i)));
            }
            out.add(v.get(i).asText());
        }
        return out;
    }

    /**
     * A user's string made safe for a one-line message: quoted, control and non-ASCII characters
     * escaped as \\uXXXX, cut at 60 characters.
     */
    static String quote(String s) {
        return "\"" + safe(s) + "\"";
    }

    /** As {@link #quote} without the quotes. */
    static String safe(String s) {
        return SpecException.printable(s, 60);
    }

    static String describe(JsonNode v) {
        if (v.isTextual()) {
            return "the string " + quote(v.asText());
        }
        if (v.isArray()) {
            return "an array";
        }
        if (v.isObject()) {
            return "a table";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isIntegralNumber()) {
            return "the integer " + v.asText();
        }
        if (v.isNumber()) {
            return "the number " + v.asText();
        }
        return v.getNodeType().toString().toLowerCase();
    }

    private static String fmt(double d) {
        if (d == Double.MAX_VALUE || d == Double.POSITIVE_INFINITY) {
            return "inf";
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
