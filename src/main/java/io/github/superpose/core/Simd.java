package io.github.superpose.core;

/**
 * Whether the dense kernels run on the JDK's vector API ({@code jdk.incubator.vector}). C2 compiles
 * {@code c += a * b} into a multiply and an add, which caps a scalar loop at about half of what the
 * machine's fused multiply-add units do; the vector API's {@code fma} reaches them. The module is
 * incubating in JDK 17, so it is resolved only when the JVM is started with
 * {@code --add-modules jdk.incubator.vector} (the {@code ./sim} launcher and the build's tests do).
 * Without it, or with {@code -Dsuperpose.simd=false}, every kernel takes its scalar path, which
 * performs the same fused operations in the same order and so gives bit-identical results, slower.
 */
public final class Simd {
    /** True when the vector kernels are in use for this JVM. */
    public static final boolean ENABLED = detect();

    private Simd() {}

    private static boolean detect() {
        if ("false".equals(System.getProperty("superpose.simd"))) {
            return false;
        }
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** One line for logs and benchmark headers: which path the dense kernels take. */
    public static String describe() {
        return ENABLED
                ? "vector API, " + VectorGemm.describe()
                : "scalar (start the JVM with --add-modules jdk.incubator.vector for SIMD)";
    }
}
