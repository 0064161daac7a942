package io.github.superpose.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code sim} launcher keeps the caller's working folder (so relative spec paths and --out
 * resolve where the user is) and tells the CLI where the project is (so catalogue names resolve
 * from its experiments/). It runs against a stand-in jar that prints both folders.
 */
class LauncherTest {
    @TempDir
    Path tmp;

    @Test
    void relativePathsResolveFromTheCallersFolder() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("superpose"));
        Files.copy(Path.of("sim"), project.resolve("sim"));
        Files.createDirectories(project.resolve("target/lib"));
        writeJar(project.resolve("target/superpose.jar"));
        Path caller = Files.createDirectories(tmp.resolve("specs"));
        Process p = new ProcessBuilder("bash", project.resolve("sim").toString(), "run", "q1.toml", "--out", "myrun")
                .directory(caller.toFile())
                .redirectErrorStream(true)
                .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        List<String> lines =
                new String(p.getInputStream().readAllBytes()).lines().toList();
        assertEquals(0, p.exitValue(), lines.toString());
        assertEquals(
                caller.toRealPath().toString(),
                Path.of(lines.get(0)).toRealPath().toString(),
                "the CLI runs in the caller's folder");
        assertEquals(
                project.toRealPath().toString(),
                Path.of(lines.get(1)).toRealPath().toString(),
                "and knows the project folder");
        assertEquals("run q1.toml --out myrun", lines.get(2));
    }

    /**
     * The launcher resolves the vector API module for the dense kernels, drops the JVM's one-line
     * notice about it, and passes the exit status and the program's own stderr on complete: the
     * stderr file is whole by the time the launcher has exited, as a shell script reading it next
     * expects.
     */
    @Test
    void vectorModuleOnStderrCleanAndCompleteAtExit() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("p2"));
        Files.copy(Path.of("sim"), project.resolve("sim"));
        Files.createDirectories(project.resolve("target/lib"));
        writeJar(project.resolve("target/superpose.jar"));
        for (int round = 0; round < 3; round++) {
            Path err = tmp.resolve("err" + round);
            Path out = tmp.resolve("out" + round);
            Process p = new ProcessBuilder("bash", project.resolve("sim").toString(), "exit3")
                    .redirectError(err.toFile())
                    .redirectOutput(out.toFile())
                    .start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(3, p.exitValue(), "the program's exit status");
            assertEquals(List.of("sim: the one error line"), Files.readAllLines(err), "stderr right at exit");
            assertEquals("vector true", Files.readAllLines(out).get(3));
        }
    }

    @Test
    void catalogueNamesResolveFromTheProjectFolder() throws IOException {
        Path project = Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(project.resolve("experiments"));
        Files.writeString(project.resolve("experiments/mine.toml"), "features = 5\nhidden = 2\n");
        String before = System.getProperty(SpecFiles.HOME_PROPERTY);
        System.setProperty(SpecFiles.HOME_PROPERTY, project.toString());
        try {
            assertEquals(project.resolve("experiments/mine.toml"), SpecFiles.resolve("mine"));
            assertEquals(List.of(project.resolve("experiments/mine.toml")), SpecFiles.catalogue());
        } finally {
            if (before == null) {
                System.clearProperty(SpecFiles.HOME_PROPERTY);
            } else {
                System.setProperty(SpecFiles.HOME_PROPERTY, before);
            }
        }
    }

    /** A runnable jar holding only {@link PrintDirs}. */
    static void writeJar(Path jar) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, PrintDirs.class.getName());
        String entry = PrintDirs.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out, mf)) {
            j.putNextEntry(new JarEntry(entry));
            try (var in = PrintDirs.class.getClassLoader().getResourceAsStream(entry)) {
                in.transferTo(j);
            }
            j.closeEntry();
        }
    }
}
