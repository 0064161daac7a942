package io.github.superpose.experiments;

import java.util.List;

/** The figure names a spec may list under {@code figures}. */
public final class FigureNames {
    public static final String FEATURE_FAN = "feature-fan";
    public static final String GRAM_BIAS = "gram-bias";
    public static final String NORM_BARS = "norm-bars";
    public static final String DIMENSIONALITY = "dimensionality";
    public static final String NEURON_STACK = "neuron-stack";
    public static final String TRAINING_CURVES = "training-curves";
    public static final String PHASE_DIAGRAM = "phase-diagram";
    public static final String CORRELATED_FAN = "correlated-fan";
    public static final String VULNERABILITY = "vulnerability";
    public static final String DOUBLE_DESCENT = "double-descent";
    public static final String DATA_DIMENSIONALITY = "data-dimensionality";
    public static final String POINT_FEATURE_FANS = "point-feature-fans";
    public static final String TEST_LOSS = "test-loss";

    public static final List<String> ALL = List.of(
            FEATURE_FAN,
            GRAM_BIAS,
            NORM_BARS,
            DIMENSIONALITY,
            NEURON_STACK,
            TRAINING_CURVES,
            PHASE_DIAGRAM,
            CORRELATED_FAN,
            VULNERABILITY,
            DOUBLE_DESCENT,
            DATA_DIMENSIONALITY,
            POINT_FEATURE_FANS,
            TEST_LOSS);

    private FigureNames() {}
}
