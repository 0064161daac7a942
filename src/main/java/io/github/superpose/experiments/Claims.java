package io.github.superpose.experiments;

import io.github.superpose.metrics.Geometry;
import io.github.superpose.metrics.Neurons;
import io.github.superpose.metrics.TheoreticalPhase;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's checkable claims, ids T1–T14, measured on a catalogue run (each claim's text names
 * what the paper states). Specs outside the catalogue have none. Thresholds are tolerances chosen
 * so that a correct training run passes and a wrong geometry fails.
 *
 * <pre>for (Claim c : Claims.of(run)) System.out.println(c.pass() + " " + c.text());</pre>
 */
public final class Claims {
    private Claims() {}

    public static List<Claim> of(RunData run) {
        switch (run.spec().name()) {
            case "intro-5-in-2":
                return intro(run);
            case "sparsity-sweep-20-in-5":
                return ToyClaims.sweep20(run);
            case "linear-20-in-5":
                return ToyClaims.linear20(run);
            case "sweep-100-in-20":
                return ToyClaims.sweep100(run);
            case "phase-2-in-1":
                return phase(run, false);
            case "phase-3-in-2":
                return phase(run, true);
            case "uniform-400-in-30":
                return GeometryClaims.uniform(run);
            case "nonuniform-pentagon":
                return GeometryClaims.nonuniform(run);
            case "correlated-4-in-2":
                return GeometryClaims.correlated(run, 0.3);
            case "anticorrelated-4-in-2":
                return GeometryClaims.anticorrelated(run);
            case "correlated-6-in-2":
                return GeometryClaims.collapse(run);
            case "learning-dynamics":
                return GeometryClaims.dynamics(run);
            case "privileged-basis-10-in-5":
                return NeuronClaims.privileged(run);
            case "abs-100-in-40":
                return NeuronClaims.abs(run);
            case "adversarial-20-in-5":
                return NeuronClaims.adversarial(run);
            case "double-descent-10000-in-2":
                return FiniteClaims.doubleDescent(run);
            default:
                return List.of();
        }
    }

    static String fmt(double v) {
        return String.format("%.3g", v);
    }

    static List<Claim> intro(RunData run) {
        List<Claim> out = new ArrayList<>();
        double[][] dense = Measures.w(run, 0);
        double[] n = Geometry.norms(dense);
        double cos = Geometry.gram(dense)[0][1] / Math.max(1e-9, n[0] * n[1]);
        double rest = Math.max(n[2], Math.max(n[3], n[4]));
        out.add(new Claim(
                "T5",
                "dense: top-2 features kept orthogonally, the other three dropped",
                "‖W_0‖ = " + fmt(n[0]) + ", ‖W_1‖ = " + fmt(n[1]) + ", |cos| = " + fmt(Math.abs(cos))
                        + ", max other ‖W_i‖ = " + fmt(rest),
                n[0] > 0.9 && n[1] > 0.9 && Math.abs(cos) < 0.1 && rest < 0.1));
        int last = run.spec().instances() - 1;
        double[][] sparse = Measures.w(run, last);
        double[] gaps = Measures.angularGaps(sparse, 0.5);
        boolean pentagon = gaps.length == 5;
        for (double g : gaps) {
            pentagon &= Math.abs(g - 72) <= 15;
        }
        out.add(new Claim(
                "T7",
                "sparse (1 − S = " + fmt(run.spec().densityOf(last)) + "): a pentagon, gaps 72° ± 15°",
                gaps.length + " features represented, gaps " + java.util.Arrays.toString(round(gaps)) + "°",
                pentagon));
        return out;
    }

    static long[] round(double[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = Math.round(a[i]);
        }
        return r;
    }

    /**
     * T10: the empirical phase of the extra feature agrees with theory away from the boundary. For
     * 3 → 2 the cells where training found the triangle (all three in superposition), which the
     * theory leaves out, are counted on their own and the agreement is measured on the rest.
     */
    static List<Claim> phase(RunData run, boolean threeToTwo) {
        Spec s = run.spec();
        int agree = 0;
        int cells = 0;
        int triangles = 0;
        int trianglesAll = 0;
        double maxSuperpositionP = 0;
        for (int a = 0; a < s.relative().length; a++) {
            double r = s.relative()[a];
            for (int k = 0; k < s.densities().length; k++) {
                double p = s.densities()[k];
                int best = Measures.bestByExpectedLoss(run, a, k);
                int phase = Measures.extraPhase(run, best);
                boolean triangle = threeToTwo && Measures.isTriangle(run, best);
                trianglesAll += triangle ? 1 : 0;
                boolean nearOne = r <= 1.5 && r >= 1 / 1.5;
                if ((phase == 2 || triangle) && !nearOne) {
                    maxSuperpositionP = Math.max(maxSuperpositionP, p);
                }
                double pStar = threeToTwo ? (r < 1 ? 4 * r / (2 + 5 * r) : 0) : TheoreticalPhase.boundary2to1(r);
                boolean far = (pStar == 0 || p > 2 * pStar || p < pStar / 2) && !nearOne;
                if (!far) {
                    continue;
                }
                if (triangle) {
                    triangles++;
                    continue;
                }
                cells++;
                int theory = (threeToTwo ? TheoreticalPhase.classify3to2(r, p) : TheoreticalPhase.classify2to1(r, p))
                        .ordinal();
                agree += theory == phase ? 1 : 0;
            }
        }
        double frac = cells == 0 ? 0 : (double) agree / cells;
        // the reference's 85% holds for both diagrams once 3 → 2's triangle cells are set aside
        double need = 0.85;
        List<Claim> out = new ArrayList<>();
        String measured = agree + " of " + cells + " cells agree (" + fmt(100 * frac) + "%)";
        if (threeToTwo) {
            measured += "; " + triangles + " more far cells hold the triangle (" + trianglesAll + " of "
                    + s.relative().length * s.densities().length + " cells in all)";
        }
        out.add(new Claim(
                "T10",
                "the extra feature's phase matches the exact theory in ≥ 85% of cells away from the boundary"
                        + (threeToTwo ? ", not counting cells that found the triangle solution the theory omits" : ""),
                measured,
                frac >= need));
        out.add(new Claim(
                "T10",
                "superposition appears only at density < 0.6 (r not within 1.5× of 1, where the " + "configurations tie"
                        + (threeToTwo ? "; the triangle counts as superposition" : "") + ")",
                "densest superposition cell at 1 − S = " + fmt(maxSuperpositionP),
                maxSuperpositionP < 0.6));
        return out;
    }

    /** Per neuron, its largest feature's share of its excitatory weight on represented features. */
    static double[] monosemanticity(RunData run, int i) {
        boolean[] represented = Measures.represented(Geometry.norms(Measures.w(run, i)));
        return Neurons.excitatoryMonosemanticity(Measures.byNeuron(run, i), represented);
    }
}
