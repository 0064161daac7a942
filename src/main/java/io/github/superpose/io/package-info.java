/**
 * File formats: npy/npz and safetensors readers and writers with strict validation.
 * Imports the JDK and Jackson only.
 */
package io.github.superpose.io;
