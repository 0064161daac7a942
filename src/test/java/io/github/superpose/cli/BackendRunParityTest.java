package io.github.superpose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short run of sparsity-sweep-20-in-5 on the tape gives the same features on the java and nd4j backends. */
class BackendRunParityTest {
    @TempDir
    Path tmp;

    JsonNode results(String backend) throws Exception {
        Path out = tmp.resolve(backend);
        BadInputTest.Outcome o = BadInputTest.run(
                "run",
                "experiments/sparsity-sweep-20-in-5.toml",
                "--steps",
                "300",
                "--engine",
                "tape",
                "--backend",
                backend,
                "--quiet",
                "--no-figures",
                "--out",
                out.toString());
        assertEquals(0, o.code(), o.err());
        return new ObjectMapper().readTree(out.resolve("results.json").toFile()).get("results");
    }

    @Test
    void javaAndNd4jAgree() throws Exception {
        JsonNode java = results("java");
        JsonNode nd4j = results("nd4j");
        for (int i = 0; i < java.size(); i++) {
            double a = java.get(i).get("eval_loss").asDouble();
            double b = nd4j.get(i).get("eval_loss").asDouble();
            assertEquals(a, b, 0.02 * a, "eval loss of instance " + i);
            assertEquals(
                    java.get(i).get("metrics").get("represented").asInt(),
                    nd4j.get(i).get("metrics").get("represented").asInt(),
                    "represented features of instance " + i);
        }
    }
}
