package io.github.superpose.cli;

import io.github.superpose.experiments.SpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Finds spec files: a path as given, or a catalogue name looked up in experiments/. */
final class SpecFiles {
    static final Path CATALOGUE = Path.of("experiments");

    private SpecFiles() {
    }

    static Path resolve(String arg) {
        Path p = Path.of(arg);
        if (Files.exists(p)) {
            if (!Files.isReadable(p) || Files.isDirectory(p)) {
                throw new SpecException(arg + ": spec is not a readable file");
            }
            return p;
        }
        Path named = CATALOGUE.resolve(arg.endsWith(".toml") ? arg : arg + ".toml");
        if (Files.isRegularFile(named)) {
            return named;
        }
        throw new SpecException(arg + ": spec file not found (give a path or a name from `./sim list`)");
    }

    static List<Path> catalogue() {
        if (!Files.isDirectory(CATALOGUE)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(CATALOGUE)) {
            return s.filter(p -> p.toString().endsWith(".toml")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new SpecException(CATALOGUE + ": cannot list specs: " + e.getMessage());
        }
    }
}
