package io.github.superpose.plots;

import java.awt.Color;
import java.util.List;

/**
 * Reference fractions for feature dimensionality D_i (paper §4.6): the values where features
 * cluster because they form a regular polytope (k features sharing d dimensions give d/k).
 * Colours follow the paper's notebook: 2/k fractions purple, 3/k fractions blue.
 */
final class Polytopes {

    /** A reference line: value, its fraction text, and the polytope name ("" when none). */
    record Fraction(int num, int den, String polytope) {
        double value() {
            return (double) num / den;
        }

        String label() {
            String f = num == den ? "1" : num + "/" + den;
            return polytope.isEmpty() ? f : f + " " + polytope;
        }

        Color colour() {
            if (num == den) {
                return Color.GRAY;
            }
            return num == 2 ? new Color(140, 60, 170) : new Color(40, 90, 200);
        }
    }

    /** The clusters the paper names. */
    static final List<Fraction> MAIN = List.of(
            new Fraction(1, 1, "dedicated"),
            new Fraction(3, 4, "tetrahedron"),
            new Fraction(2, 3, "triangle"),
            new Fraction(1, 2, "digon"),
            new Fraction(2, 5, "pentagon"),
            new Fraction(3, 8, "square antiprism"));

    /** Further lines the notebook draws, without names. */
    static final List<Fraction> EXTRA = List.of(
            new Fraction(5, 6, ""),
            new Fraction(4, 5, ""),
            new Fraction(2, 6, ""),
            new Fraction(2, 7, ""),
            new Fraction(3, 12, ""),
            new Fraction(3, 20, ""));

    private Polytopes() {}

    static List<Fraction> lines(boolean extended) {
        if (!extended) {
            return MAIN;
        }
        return java.util.stream.Stream.concat(MAIN.stream(), EXTRA.stream())
                .sorted((a, b) -> Double.compare(b.value(), a.value()))
                .toList();
    }
}
