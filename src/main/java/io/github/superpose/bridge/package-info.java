/**
 * Transformer weights and activation capture, sparse autoencoders, neuron probes and their static
 * HTML pages.
 * Imports {@code core}, {@code sim}, {@code metrics} and {@code io}.
 */
package io.github.superpose.bridge;
