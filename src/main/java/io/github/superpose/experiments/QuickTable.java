package io.github.superpose.experiments;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A spec's {@code [quick]} table: the same experiment at reduced scale. It may set any key of the
 * spec but {@code name} and {@code quick}, and is read with the same rules as the spec whenever
 * the spec is read, so a typo in it fails at once rather than on the first {@code --quick} run.
 */
final class QuickTable {
    private QuickTable() {}

    /** The spec with the quick table's values laid over it (tables merged key by key). */
    static JsonNode merged(JsonNode root, JsonNode quick) {
        com.fasterxml.jackson.databind.node.ObjectNode out = root.deepCopy();
        out.remove("quick");
        quick.fields().forEachRemaining(e -> {
            JsonNode base = out.get(e.getKey());
            if (base != null && base.isObject() && e.getValue().isObject()) {
                com.fasterxml.jackson.databind.node.ObjectNode t = base.deepCopy();
                JsonNode qv = e.getValue();
                // a quick density (or relative) list replaces a full sweep, and a quick sweep a full list
                if (qv.has("values")) {
                    t.remove(java.util.List.of("sweep_from", "sweep_to", "sweep_count"));
                }
                if (qv.has("sweep_from") || qv.has("sweep_to") || qv.has("sweep_count")) {
                    t.remove("values");
                }
                if (qv.has("relative")) {
                    t.remove(java.util.List.of("relative_from", "relative_to", "relative_count"));
                }
                if (qv.has("relative_from") || qv.has("relative_to") || qv.has("relative_count")) {
                    t.remove("relative");
                }
                t.setAll((com.fasterxml.jackson.databind.node.ObjectNode) e.getValue());
                out.set(e.getKey(), t);
            } else {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }
}
