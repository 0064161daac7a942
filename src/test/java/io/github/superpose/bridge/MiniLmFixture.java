package io.github.superpose.bridge;

import io.github.superpose.core.JavaBackend;

/** Loads the classpath MiniLM once per test JVM: parsing 90 MB of ONNX takes about a second. */
final class MiniLmFixture {
    private static MiniLm model;

    private MiniLmFixture() {}

    static synchronized MiniLm get() {
        if (model == null) {
            model = MiniLm.load(new JavaBackend(2));
        }
        return model;
    }
}
