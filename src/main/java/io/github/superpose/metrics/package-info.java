/**
 * Superposition measures as pure functions on weight arrays: norms, interference, D_i, phase labels,
 * polytopes, tegum factors, neuron polysemanticity, loss decomposition, theoretical phase diagrams.
 * Imports {@code core} only; never plots or touches files.
 */
package io.github.superpose.metrics;
