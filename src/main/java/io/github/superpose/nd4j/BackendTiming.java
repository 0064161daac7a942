package io.github.superpose.nd4j;

import io.github.superpose.core.Backend;
import io.github.superpose.core.JavaBackend;
import io.github.superpose.core.Rng;
import io.github.superpose.core.Tape;
import io.github.superpose.core.Tensor;
import java.util.Locale;

/**
 * Times one training of the tied ReLU-output toy model x' = ReLU(WᵀW x + b) through core.Tape on
 * a chosen backend, with Adam written inline so nothing but the backend differs between runs.
 * Instance i has feature density 20^(−i/(instances−1)) (as the paper's notebook) and feature j
 * importance 0.9^(20j/n), the paper's 0.9^j decay stretched over n features.
 *
 * <pre>java -cp 'target/superpose.jar:target/lib/*' io.github.superpose.nd4j.BackendTiming \
 *     --backend nd4j --features 400 --hidden 30 --instances 100 --batch 1024 --steps 10</pre>
 * prints one line with steps/s; batch generation is excluded from the time.
 */
public final class BackendTiming {
    /** One training job: sizes, steps, Adam learning rate and seed. */
    public record Config(int nFeatures, int nHidden, int instances, int batch, int steps, float lr, long seed) {}

    /** Per-instance loss at the last step, final weights, and the seconds spent in backend work. */
    public record Result(float[] loss, float[] W, float[] b, double seconds) {
        public double stepsPerSecond(int steps) {
            return steps / seconds;
        }
    }

    private BackendTiming() {}

    /**
     * Trains {@code W} [instances, features, hidden] and {@code bFinal} [instances, features] with
     * loss Σ_instances mean_{batch, features} importance·(x − x')²: summed over instances so each
     * instance keeps its own effective learning rate.
     */
    public static Result train(Backend backend, Config c) {
        int ni = c.instances();
        int n = c.nFeatures();
        int m = c.nHidden();
        Rng init = Rng.forStream(c.seed(), -1);
        float[] w = new float[ni * n * m];
        float std = (float) Math.sqrt(2.0 / (n + m)); // Xavier normal on one [features, hidden] matrix
        for (int i = 0; i < w.length; i++) {
            w[i] = std * (float) init.nextGaussian();
        }
        Tensor W = Tensor.param(w, ni, n, m);
        Tensor bFinal = Tensor.param(new float[ni * n], ni, n);
        float[] imp = new float[n];
        for (int j = 0; j < n; j++) {
            imp[j] = (float) Math.pow(0.9, 20.0 * j / n);
        }
        Tensor importance = Tensor.of(imp, 1, 1, n);
        Rng[] data = new Rng[ni];
        for (int i = 0; i < ni; i++) {
            data[i] = Rng.forStream(c.seed(), i);
        }
        Adam adam = new Adam(c.lr(), W, bFinal);
        float[] loss = new float[ni];
        long nanos = 0;
        for (int step = 0; step < c.steps(); step++) {
            Tensor x = batch(data, c.batch(), n);
            long t0 = System.nanoTime();
            Tape t = new Tape(backend);
            Tensor h = t.matmul(x, W); // [instances, batch, hidden]
            Tensor out = t.relu(
                    t.add(t.matmul(h, t.transpose(W)), t.reshape(bFinal, ni, 1, n))); // [instances, batch, features]
            Tensor err = t.mul(importance, t.square(t.sub(x, out)));
            Tensor perInstance = t.mean(t.mean(err, 2, false), 1, false); // [instances]
            Tensor total = t.sumAll(perInstance);
            W.zeroGradInPlace();
            bFinal.zeroGradInPlace();
            t.backward(total);
            adam.stepInPlace();
            nanos += System.nanoTime() - t0;
            System.arraycopy(perInstance.data(), 0, loss, 0, ni);
        }
        return new Result(loss, W.data(), bFinal.data(), nanos / 1e9);
    }

    /** [instances, batch, features]: each feature is U[0,1) with probability density_i, else 0. */
    static Tensor batch(Rng[] data, int batch, int n) {
        int ni = data.length;
        float[] x = new float[ni * batch * n];
        for (int i = 0; i < ni; i++) {
            float density = ni == 1 ? 1f : (float) Math.pow(20.0, -(double) i / (ni - 1));
            Rng r = data[i];
            int base = i * batch * n;
            for (int e = 0; e < batch * n; e++) {
                x[base + e] = r.nextFloat() < density ? r.nextFloat() : 0f;
            }
        }
        return Tensor.of(x, ni, batch, n);
    }

    /** Adam (β1 0.9, β2 0.999, ε 1e-8) with bias correction; updates the parameters in place. */
    static final class Adam {
        private final float lr;
        private final Tensor[] params;
        private final float[][] m1;
        private final float[][] m2;
        private int t;

        Adam(float lr, Tensor... params) {
            this.lr = lr;
            this.params = params;
            this.m1 = new float[params.length][];
            this.m2 = new float[params.length][];
            for (int p = 0; p < params.length; p++) {
                m1[p] = new float[params[p].size()];
                m2[p] = new float[params[p].size()];
            }
        }

        void stepInPlace() {
            t++;
            double c1 = 1 - Math.pow(0.9, t);
            double c2 = 1 - Math.pow(0.999, t);
            for (int p = 0; p < params.length; p++) {
                float[] w = params[p].data();
                float[] g = params[p].grad();
                for (int i = 0; i < w.length; i++) {
                    m1[p][i] = 0.9f * m1[p][i] + 0.1f * g[i];
                    m2[p][i] = 0.999f * m2[p][i] + 0.001f * g[i] * g[i];
                    w[i] -= (float) (lr * (m1[p][i] / c1) / (Math.sqrt(m2[p][i] / c2) + 1e-8));
                }
            }
        }
    }

    public static void main(String[] args) {
        String backendName = "java";
        int threads = Runtime.getRuntime().availableProcessors();
        long minMatmul = Nd4jBackend.DEFAULT_MIN_MATMUL_WORK;
        long minElementwise = Nd4jBackend.DEFAULT_MIN_ELEMENTWISE;
        int[] v = {20, 5, 7, 1024, 20}; // features, hidden, instances, batch, steps
        String[] keys = {"--features", "--hidden", "--instances", "--batch", "--steps"};
        for (int a = 0; a + 1 < args.length; a += 2) {
            String key = args[a];
            String val = args[a + 1];
            if (key.equals("--backend")) {
                backendName = val;
            } else if (key.equals("--threads")) {
                threads = Integer.parseInt(val);
            } else if (key.equals("--min-matmul")) {
                minMatmul = Long.parseLong(val);
            } else if (key.equals("--min-elementwise")) {
                minElementwise = Long.parseLong(val);
            } else {
                int k = java.util.Arrays.asList(keys).indexOf(key);
                if (k < 0) {
                    System.err.println("unknown option " + key
                            + " (use --backend java|nd4j, --threads, --min-matmul, --min-elementwise, "
                            + String.join(", ", keys) + ")");
                    System.exit(2);
                }
                v[k] = Integer.parseInt(val);
            }
        }
        Backend be;
        try {
            be = backendName.equals("nd4j")
                    ? Nd4jBackend.create(threads, minMatmul, minElementwise)
                    : new JavaBackend(threads);
        } catch (BackendUnavailableException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Config c = new Config(v[0], v[1], v[2], v[3], v[4], 1e-3f, 1);
        train(be, new Config(c.nFeatures(), c.nHidden(), c.instances(), c.batch(), 2, c.lr(), c.seed())); // warm-up
        Result r = train(be, c);
        String device = be instanceof Nd4jBackend ? "-" + ((Nd4jBackend) be).device() : "";
        double mean = 0;
        for (float l : r.loss()) {
            mean += l / r.loss().length;
        }
        System.out.println(String.format(
                Locale.ROOT,
                "backend=%s%s threads=%d n=%d m=%d instances=%d batch=%d steps=%d: %.3f steps/s (%.1f ms/step), mean loss %.6g",
                be.name(),
                device,
                be.threads(),
                c.nFeatures(),
                c.nHidden(),
                c.instances(),
                c.batch(),
                c.steps(),
                r.stepsPerSecond(c.steps()),
                1000 * r.seconds() / c.steps(),
                mean));
        System.exit(0);
    }
}
