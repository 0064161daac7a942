package io.github.superpose.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/** A failed ND4J load becomes one clear line; without ND4J on the class path nothing else breaks. */
class BackendUnavailableTest {
    static void assertOneLineWithAdvice(String msg) {
        assertFalse(msg.contains("\n") || msg.contains("\r"), "one line: " + msg);
        assertTrue(msg.startsWith("ND4J backend failed to load ("), msg);
        assertTrue(msg.contains("mvn package") && msg.contains("nd4j-native-1.0.0-M2.1-linux-x86_64.jar"), msg);
        assertTrue(msg.endsWith("or run with --backend java"), msg);
    }

    @Test
    void missingNativeLibraryNamesItAndTheFix() {
        BackendUnavailableException e = assertThrows(
                BackendUnavailableException.class,
                () -> Nd4jBackend.create(2, 0, 0, t -> {
                    throw new UnsatisfiedLinkError("no jnind4jcpu in java.library.path:\n/usr/lib");
                }));
        assertOneLineWithAdvice(e.getMessage());
        assertTrue(e.getMessage().contains("no working ND4J native library"), e.getMessage());
        assertTrue(
                e.getMessage().contains("UnsatisfiedLinkError: no jnind4jcpu in java.library.path: /usr/lib"),
                e.getMessage());
        assertTrue(e.getCause() instanceof UnsatisfiedLinkError);
    }

    @Test
    void failedStaticInitialiserReportsItsRootCause() {
        BackendUnavailableException e = assertThrows(
                BackendUnavailableException.class,
                () -> Nd4jBackend.create(2, 0, 0, t -> {
                    throw new ExceptionInInitializerError(new RuntimeException("No ND4J backend found"));
                }));
        assertOneLineWithAdvice(e.getMessage());
        assertTrue(e.getMessage().contains("RuntimeException: No ND4J backend found"), e.getMessage());
    }

    @Test
    void missingClassesSayClassPath() {
        BackendUnavailableException e = assertThrows(
                BackendUnavailableException.class,
                () -> Nd4jBackend.create(2, 0, 0, t -> {
                    throw new NoClassDefFoundError("org/nd4j/linalg/factory/Nd4j");
                }));
        assertOneLineWithAdvice(e.getMessage());
        assertTrue(e.getMessage().contains("ND4J classes are not on the class path"), e.getMessage());
    }

    /**
     * Loads our classes in a class loader that cannot see ND4J: Nd4jBackend initialises without
     * it, and create() turns the real NoClassDefFoundError into the one-line exception.
     */
    @Test
    void withoutNd4jOnTheClassPathCreateThrowsTheOneLiner() throws Exception {
        URL ours = Nd4jBackend.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader noNd4j = new URLClassLoader(new URL[] {ours}, ClassLoader.getPlatformClassLoader())) {
            Class<?> cls = Class.forName(Nd4jBackend.class.getName(), true, noNd4j);
            InvocationTargetException ite = assertThrows(
                    InvocationTargetException.class,
                    () -> cls.getMethod("create", int.class).invoke(null, 2));
            Throwable e = ite.getCause();
            assertEquals(
                    BackendUnavailableException.class.getName(), e.getClass().getName(), String.valueOf(e));
            assertOneLineWithAdvice(e.getMessage());
            assertTrue(e.getMessage().contains("ND4J classes are not on the class path"), e.getMessage());
        }
    }
}
