package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Java BERT forward pass against ONNX Runtime running the same ONNX file: last hidden states
 * token by token, and the pooled sentence embedding against langchain4j's own model, to 1e-4.
 */
@Tag("minilm")
class MiniLmParityTest {
    static final List<String> SENTENCES = List.of(
            "The cat sat on the mat.",
            "Superposition lets a network represent more features than it has neurons!",
            "Crème brûlée, naïve café — and an unknownwordzzqx in Zürich?",
            "In 1969, Apollo 11 landed on the Moon; Armstrong said: \"one small step\".",
            "a");

    @Test
    void lastHiddenStateMatchesOnnxRuntime() throws Exception {
        MiniLm m = MiniLmFixture.get();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        byte[] onnx;
        try (InputStream in = getClass().getResourceAsStream(MiniLm.ONNX_RESOURCE)) {
            onnx = in.readAllBytes();
        }
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
            for (String s : SENTENCES) {
                MiniLm.Capture c = m.capture(s);
                int[] ids = c.encoding().ids();
                float[][] ref = runOrt(env, session, ids);
                float[] ours = c.output().lastHidden();
                int d = m.weights().dModel();
                double maxDiff = 0;
                for (int t = 0; t < ids.length; t++) {
                    for (int j = 0; j < d; j++) {
                        maxDiff = Math.max(maxDiff, Math.abs(ref[t][j] - ours[t * d + j]));
                    }
                }
                assertTrue(maxDiff < 1e-4, "max |Δ hidden| = " + maxDiff + " on: " + s);
            }
        }
    }

    private static float[][] runOrt(OrtEnvironment env, OrtSession session, int[] ids) throws Exception {
        long[] id = Arrays.stream(ids).asLongStream().toArray();
        long[] mask = new long[id.length];
        Arrays.fill(mask, 1);
        long[] shape = {1, id.length};
        try (OnnxTensor a = OnnxTensor.createTensor(env, LongBuffer.wrap(id), shape);
                OnnxTensor b = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
                OnnxTensor c = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[id.length]), shape);
                OrtSession.Result r = session.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
            return ((float[][][]) r.get(0).getValue())[0];
        }
    }

    @Test
    void sentenceEmbeddingMatchesLangchain4j() {
        MiniLm m = MiniLmFixture.get();
        AllMiniLmL6V2EmbeddingModel ref = new AllMiniLmL6V2EmbeddingModel();
        for (String s : SENTENCES) {
            float[] expected = ref.embed(s).content().vector();
            float[] ours = m.embed(s);
            assertEquals(expected.length, ours.length);
            double maxDiff = 0;
            for (int j = 0; j < ours.length; j++) {
                maxDiff = Math.max(maxDiff, Math.abs(expected[j] - ours[j]));
            }
            assertTrue(maxDiff < 1e-4, "max |Δ embedding| = " + maxDiff + " on: " + s);
        }
    }

    @Test
    void mlpActivationsHaveTheModelsShape() {
        MiniLm m = MiniLmFixture.get();
        MiniLm.Capture c = m.capture("The cat sat on the mat.");
        assertEquals(6, m.weights().nLayers());
        assertEquals(12, m.weights().nHeads());
        assertEquals(1536, m.weights().dMlp());
        assertEquals(c.encoding().ids().length * 1536, c.hookPost(5).length);
        for (float v : c.hookPost(3)) {
            // GELU's minimum is about -0.17
            assertTrue(v > -0.2f && Float.isFinite(v));
        }
    }
}
