/**
 * Tensors with a leading instance axis, the reverse-mode autograd tape, every backward rule in
 * one place ({@code Grad}), the {@code Backend} interface and the plain-Java backend.
 * Imports nothing but the JDK.
 */
package io.github.superpose.core;
