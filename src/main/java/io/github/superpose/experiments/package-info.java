/**
 * Spec parsing and validation, the catalogue, sweeps, restarts and the run store
 * (config.json, results.json, weights.npz, metrics.csv). Imports {@code sim}, {@code metrics},
 * {@code plots}, {@code io}, {@code core}; never {@code bridge}.
 */
package io.github.superpose.experiments;
