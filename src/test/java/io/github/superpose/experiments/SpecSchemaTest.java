package io.github.superpose.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spec schema is declared once (SpecSchema): config.json's spec object uses only its keys and
 * reads back to the same spec, and the README's spec reference names every key.
 */
class SpecSchemaTest {
    @TempDir
    Path tmp;

    @Test
    void configJsonUsesOnlyDeclaredKeysAndReadsBack() throws IOException {
        Path toml = Files.writeString(
                tmp.resolve("all.toml"),
                String.join(
                        "\n",
                        "name = \"all\"",
                        "description = \"d\"",
                        "model = \"relu\"",
                        "features = 6",
                        "hidden = 2",
                        "steps = 50",
                        "batch = 8",
                        "seed = 3",
                        "restarts = 2",
                        "replicates = 2",
                        "log_every = 5",
                        "hook_every = 10",
                        "eval_batch = 64",
                        "[importance]",
                        "kind = \"geometric\"",
                        "base = 0.9",
                        "relative = [0.5, 2.0]",
                        "[density]",
                        "values = [0.5, 0.1]",
                        "[data]",
                        "kind = \"correlated\"",
                        "correlated_pairs = 1",
                        "anticorrelated_pairs = 1",
                        "convention = \"paper\"",
                        "[optimizer]",
                        "kind = \"adam\"",
                        "lr = 0.01",
                        "[schedule]",
                        "kind = \"cosine\"",
                        "warmup = 5",
                        ""));
        Spec spec = SpecParser.parse(toml);
        List<String> undeclared = new ArrayList<>();
        for (Map.Entry<String, Object> e : SpecJson.of(spec).entrySet()) {
            if (!SpecSchema.keys("").contains(e.getKey())) {
                undeclared.add(e.getKey());
            }
            if (e.getValue() instanceof Map<?, ?> table) {
                for (Object k : table.keySet()) {
                    if (!SpecSchema.keys(e.getKey()).contains(k)) {
                        undeclared.add(e.getKey() + "." + k);
                    }
                }
            }
        }
        assertEquals(List.of(), undeclared, "config.json keys the schema does not declare");
        Spec back = SpecParser.check(spec, "round trip");
        assertEquals(RunStore.toJson(SpecJson.of(spec)), RunStore.toJson(SpecJson.of(back)));
    }

    @Test
    void theReadmeNamesEveryKey() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String specs = readme.substring(readme.indexOf("## Specs"), readme.indexOf("## Run folders"));
        List<String> missing = new ArrayList<>();
        for (SpecSchema.Key k : SpecSchema.all()) {
            if (!specs.matches("(?s).*\\b" + k.name() + "\\b.*")) {
                missing.add(k.path());
            }
        }
        assertEquals(List.of(), missing, "keys absent from the README's spec reference");
    }
}
