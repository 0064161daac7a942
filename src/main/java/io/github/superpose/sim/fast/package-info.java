/**
 * The fused training path for every toy model on sparse uniform or correlated features: one
 * kernel does the forward pass, the backward pass and the optimizer step per instance, without
 * the tape. Imports {@code core} only (the tape in {@code sim} calls it, never the reverse);
 * never plots or touches files.
 */
package io.github.superpose.sim.fast;
