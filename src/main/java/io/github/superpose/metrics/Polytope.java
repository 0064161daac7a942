package io.github.superpose.metrics;

/**
 * The feature-dimensionality clusters the paper observes (§4.6): a uniform polytope of k vertices
 * in d dimensions gives each vertex D = d/k.
 *
 * <pre>Polytope.TETRAHEDRON.label(); // "3/4 tetrahedron"</pre>
 */
public enum Polytope {
    DEDICATED(1, 1, "dedicated"),
    TETRAHEDRON(3, 4, "tetrahedron"),
    TRIANGLE(2, 3, "triangle"),
    DIGON(1, 2, "digon"),
    PENTAGON(2, 5, "pentagon"),
    SQUARE_ANTIPRISM(3, 8, "square antiprism"),
    NOT_LEARNED(0, 1, "not learned");

    private final int dims;
    private final int vertices;
    private final String name;

    Polytope(int dims, int vertices, String name) {
        this.dims = dims;
        this.vertices = vertices;
        this.name = name;
    }

    /** D = dims / vertices. */
    public double fraction() {
        return (double) dims / vertices;
    }

    /** Fraction then name, e.g. "2/5 pentagon", "1 dedicated", "0 not learned". */
    public String label() {
        String frac = (vertices == 1) ? Integer.toString(dims) : dims + "/" + vertices;
        return frac + " " + name;
    }
}
