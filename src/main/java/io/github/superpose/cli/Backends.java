package io.github.superpose.cli;

import io.github.superpose.core.Backend;
import io.github.superpose.core.JavaBackend;
import io.github.superpose.experiments.SpecException;
import java.lang.reflect.InvocationTargetException;

/** Picks the numeric backend; ND4J is loaded by name only when asked for, so start-up never pays for it. */
final class Backends {
    private Backends() {}

    static Backend create(String name, int threads) {
        switch (name) {
            case "java":
                return new JavaBackend(threads);
            case "nd4j":
                return nd4j(threads);
            default:
                throw new SpecException("--backend: '" + name + "' is not one of java, nd4j");
        }
    }

    private static Backend nd4j(int threads) {
        try {
            Class<?> c = Class.forName("io.github.superpose.nd4j.Nd4jBackend");
            return (Backend) c.getMethod("create", int.class).invoke(null, threads);
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            throw new SpecException("--backend nd4j: the ND4J backend is not in this build");
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new SpecException("--backend nd4j: "
                    + (cause.getMessage() == null
                            ? cause.toString()
                            : cause.getMessage().split("\n")[0]));
        } catch (LinkageError e) {
            throw new SpecException("--backend nd4j: ND4J failed to load (" + e + "); run `mvn -B package` so "
                    + "target/lib holds nd4j-native and its linux-x86_64 natives, or use --backend java");
        }
    }
}
