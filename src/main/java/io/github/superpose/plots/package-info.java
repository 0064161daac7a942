/**
 * One class per figure type: pure functions from result records to JFreeChart charts, rendered
 * headless to PNG and SVG. Imports {@code metrics} records and JFreeChart.
 */
package io.github.superpose.plots;
