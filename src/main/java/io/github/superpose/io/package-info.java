/**
 * File formats: npy/npz and safetensors readers and writers with strict validation.
 * Entry points are {@link io.github.superpose.io.Npy}, {@link io.github.superpose.io.Npz} and
 * {@link io.github.superpose.io.Safetensors}; arrays travel as {@link io.github.superpose.io.NdArray}.
 * Imports the JDK, Jackson and {@code core.InputException} (the project's one input-error type) only.
 */
package io.github.superpose.io;
