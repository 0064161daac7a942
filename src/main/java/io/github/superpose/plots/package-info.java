/**
 * One class per figure type ({@code FeatureFan}, {@code GramHeatmap}, {@code NormBars},
 * {@code PhaseDiagram}, {@code DimensionalityScatter}, {@code NeuronStack},
 * {@code TrainingCurves}, {@code DHistogram}, {@code VulnerabilityPlot}; for finite data
 * {@code DoubleDescentCurve}, {@code DataDimensionality}, {@code PointFeatureFans}, {@code LossMap}): pure functions from
 * plain arrays and small records defined here to charts, written headless to PNG and SVG by
 * {@code FigureWriter}. Imports JFreeChart, JFreeSVG and the JDK only, no other Superpose
 * package, so callers convert their result records to arrays at the boundary.
 */
package io.github.superpose.plots;
