/**
 * The fused training path for the tied toy models (linear and ReLU output): one kernel does
 * the forward pass, the backward pass and the optimizer step per instance, without the tape.
 * Imports {@code core} and {@code sim} only; never plots or touches files.
 */
package io.github.superpose.sim.fast;
