package io.github.superpose.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Capturing a corpus in stacked batches (buffers reused from batch to batch, the last batch smaller)
 * gives each sentence's own single-sequence activations.
 */
@Tag("minilm")
class BatchedCaptureTest {
    @Test
    void batchesEqualOneSentenceAtATime() {
        MiniLm m = MiniLmFixture.get();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 150; i++) { // about 2,600 tokens: more than one batch of MiniLm.BATCH_ROWS
            texts.add("Sentence number " + i + " mentions Louisville, a city in Kentucky" + ", again".repeat(i % 4)
                    + ".");
        }
        int layer = 2;
        ActivationSet batched = m.captureSet(texts, null, layer, ProgressListener.NONE, "t");
        assertTrue(batched.rows() > MiniLm.BATCH_ROWS, batched.rows() + " rows fit one batch");
        int row = 0;
        double worst = 0;
        for (int s = 0; s < texts.size(); s++) {
            MiniLm.Capture one = m.capture(texts.get(s));
            float[] post = one.hookPost(layer);
            int t = one.encoding().ids().length;
            for (int i = 0; i < t; i++, row++) {
                assertEquals(one.encoding().tokens().get(i), batched.tokens().get(row));
                assertEquals(s, batched.sequence()[row]);
                assertEquals(i, batched.position()[row]);
                for (int j = 0; j < 1536; j++) {
                    worst = Math.max(worst, Math.abs(post[i * 1536 + j] - batched.get(row, j)));
                }
            }
        }
        assertEquals(batched.rows(), row);
        // every row's sums in the same order whatever the stacking, and no operation whose bits depend on
        // whether the JIT has compiled it yet (the vector API's EXP did): equal to the bit
        assertEquals(0.0, worst, "largest difference");
    }
}
