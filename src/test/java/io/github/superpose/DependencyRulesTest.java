package io.github.superpose;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md's one direction of dependencies, checked on the sources: which of our packages each
 * package may use, and which third-party roots (core is JDK only; sim and metrics never plot or
 * touch files).
 */
class DependencyRulesTest {
    private static final Path SRC = Path.of("src/main/java/io/github/superpose");
    private static final Pattern OURS = Pattern.compile("io\\.github\\.superpose\\.([a-z0-9]+(?:\\.[a-z0-9]+)*)\\b");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    private static final Map<String, Set<String>> OUR_RULES = Map.of(
            "core", Set.of(),
            "nd4j", Set.of("core"),
            "sim", Set.of("core", "sim.fast"),
            "sim.fast", Set.of("core"),
            "metrics", Set.of("core"),
            "io", Set.of("core"),
            "bridge", Set.of("core", "sim", "metrics", "io", "plots"),
            "plots", Set.of("metrics"),
            "experiments", Set.of("sim", "metrics", "plots", "io", "core"),
            "cli", Set.of("core", "nd4j", "sim", "metrics", "io", "bridge", "plots", "experiments"));

    /** Third-party import roots each package may use besides java.* and javax.*. */
    private static final Map<String, List<String>> THIRD_PARTY = Map.of(
            "core", List.of(),
            "sim", List.of(),
            "sim.fast", List.of(),
            "metrics", List.of("org.apache.commons.math3"),
            "io", List.of("com.fasterxml.jackson"),
            "plots", List.of("org.jfree"),
            "nd4j", List.of("org.nd4j", "org.bytedeco"));

    @Test
    void packagesDependOnlyDownward() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SRC)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                Path rel = SRC.relativize(f).getParent();
                String pkg = packageOf(rel == null ? "" : rel.toString().replace('/', '.'));
                String text = Files.readString(f);
                Set<String> allowed = OUR_RULES.get(pkg);
                if (allowed == null) {
                    violations.add(f + ": package '" + pkg + "' is not in docs/architecture.md's table");
                    continue;
                }
                Matcher m = OURS.matcher(text);
                while (m.find()) {
                    String used = packageOf(m.group(1));
                    if (!used.equals(pkg) && !allowed.contains(used)) {
                        violations.add(f + ": " + pkg + " uses " + used);
                    }
                }
                List<String> roots = THIRD_PARTY.get(pkg);
                if (roots == null) {
                    continue;
                }
                Matcher im = IMPORT.matcher(text);
                while (im.find()) {
                    String imp = im.group(1);
                    // the JDK's vector module counts as the JDK (core.Simd, the vector kernels)
                    boolean ok = imp.startsWith("java.")
                            || imp.startsWith("javax.")
                            || imp.startsWith("jdk.incubator.vector.")
                            || imp.startsWith("io.github.superpose.")
                            || roots.stream().anyMatch(imp::startsWith);
                    if (!ok) {
                        violations.add(f + ": " + pkg + " imports " + imp);
                    }
                }
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

    /** A package of the table (sim.fast is one of its own), else the top-level package it sits in. */
    private static String packageOf(String dotted) {
        if (OUR_RULES.containsKey(dotted)) {
            return dotted;
        }
        int dot = dotted.indexOf('.');
        return dot < 0 ? dotted : dotted.substring(0, dot);
    }

    @Test
    void everyPackageSaysWhatItHolds() throws IOException {
        try (Stream<Path> dirs = Files.list(SRC)) {
            for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                assertTrue(Files.exists(d.resolve("package-info.java")), d + " has no package-info.java");
            }
        }
    }
}
