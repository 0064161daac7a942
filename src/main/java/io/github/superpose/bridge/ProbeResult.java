package io.github.superpose.bridge;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Probe#run} found, as also written to the run folder.
 *
 * @param lossRecovered SAE "loss recovered" through the layer's W_out (NaN without model weights)
 * @param ceLoss        next-token cross-entropy clean, with the SAE spliced in and zero-ablated
 *                      (GPT-2 only, else null)
 * @param spearmanParticipationVsTokens rank correlation over alive neurons between the SAE
 *        participation ratio and the effective number of top-k tokens (NaN without tokens)
 */
public record ProbeResult(
        Path runDir,
        String source,
        int rows,
        int dMlp,
        List<NeuronStats> neurons,
        int deadNeurons,
        SaeMetrics sae,
        double lossRecovered,
        CeLossRecovered ceLoss,
        Superposition superposition,
        double spearmanParticipationVsTokens) {}
