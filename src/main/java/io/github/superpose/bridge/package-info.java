/**
 * Transformer weights and activation capture, sparse autoencoders, neuron probes.
 * Imports {@code core}, {@code sim}, {@code metrics} and {@code io}.
 */
package io.github.superpose.bridge;
