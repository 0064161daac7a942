/**
 * The ND4J backend: the same {@code core.Backend} kernels on {@code nd4j-native} (CPU, OpenBLAS)
 * or {@code nd4j-cuda} (GPU, the {@code cuda} Maven profile). Imports {@code core} and ND4J.
 * Only this package names ND4J classes, and only {@link io.github.superpose.nd4j.Nd4jBackend#create}
 * loads them, so a program that never asks for {@code --backend nd4j} never pays for them.
 */
package io.github.superpose.nd4j;
