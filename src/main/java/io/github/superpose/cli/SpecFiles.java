package io.github.superpose.cli;

import io.github.superpose.experiments.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds spec files: a path as given (from the caller's working folder), or a catalogue name
 * looked up in the project's experiments/ folder.
 */
final class SpecFiles {
    /** Set by the {@code sim} launcher to the project folder, so catalogue names work from anywhere. */
    static final String HOME_PROPERTY = "superpose.home";

    private SpecFiles() {}

    /** The project folder: the launcher's, else the working folder. */
    static Path home() {
        String h = System.getProperty(HOME_PROPERTY);
        return h == null || h.isEmpty() ? Path.of("") : Path.of(h);
    }

    private static Path catalogueFolder() {
        return home().resolve("experiments");
    }

    static Path resolve(String arg) {
        Path p;
        try {
            p = Path.of(arg);
        } catch (java.nio.file.InvalidPathException e) {
            throw new SpecException("SPEC: not a valid path (" + e.getReason() + ")");
        }
        if (Files.exists(p)) {
            if (!Files.isReadable(p) || Files.isDirectory(p)) {
                throw new SpecException(SpecException.printable(arg, 4096) + ": spec is not a readable file");
            }
            return p;
        }
        Path named = catalogueFolder().resolve(arg.endsWith(".toml") ? arg : arg + ".toml");
        if (Files.isRegularFile(named)) {
            return named;
        }
        throw new SpecException(SpecException.printable(arg, 4096) + ": spec file not found (give a path or a name from"
                + " `./sim list`)");
    }

    static List<Path> catalogue() {
        Path dir = catalogueFolder();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".toml")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new SpecException(dir + ": cannot list specs: " + e.getMessage());
        }
    }
}
