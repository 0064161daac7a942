package io.github.superpose.bridge;

import java.util.List;
import java.util.Locale;

/**
 * neurons.csv: one row per neuron with its statistics and its top tokens (RFC 4180 quoting).
 * {@code top_tokens} holds the ten largest activations as "word=value" joined by " | ", the word
 * rebuilt from its pieces with the activating piece in ⟦ ⟧ when it is only part of the word;
 * {@code top_context} is the largest one's words around it. Effective numbers are NaN for a dead neuron.
 */
final class NeuronsCsv {
    static final String HEADER = "neuron,firing_frequency,mean,std,max,skew,excess_kurtosis,dead,effective_tokens,"
            + "effective_labels,sae_participation,top_tokens,top_context";

    private NeuronsCsv() {}

    static String format(List<NeuronStats> neurons, double[] participation) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (NeuronStats s : neurons) {
            String tokens = Words.topList(s.top(), 10);
            String context = s.top().isEmpty() ? "" : s.top().get(0).context();
            b.append(String.format(
                    Locale.ROOT,
                    "%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%b,%.6g,%.6g,%.6g,%s,%s%n",
                    s.neuron(),
                    s.firingFrequency(),
                    s.mean(),
                    s.std(),
                    s.max(),
                    s.skew(),
                    s.excessKurtosis(),
                    s.dead(),
                    s.effectiveTokens(),
                    s.effectiveLabels(),
                    participation[s.neuron()],
                    quote(tokens),
                    quote(context)));
        }
        return b.toString();
    }

    static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
