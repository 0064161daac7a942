package io.github.superpose.sim;

import io.github.superpose.core.Rng;
import io.github.superpose.core.Tape;
import io.github.superpose.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of independent toy models, one per instance. Parameters carry the instance axis first:
 * {@code W} is [instances, features, hidden], {@code b} is [instances, features].
 *
 * <pre>ToyModel model = ToyModel.create(ModelKind.RELU, 7, 20, 5, seed);
 * Tensor xHat = model.forward(tape, x);   // x is [instances, batch, features]</pre>
 */
public final class ToyModel {
    /** Sub-stream of the instance RNG used for initial weights (data uses the plain stream). */
    static final long INIT_STREAM = 1;

    private final ModelKind kind;
    private final int instances;
    private final int features;
    private final int hidden;
    private final Map<String, Tensor> params;

    private ToyModel(ModelKind kind, int instances, int features, int hidden, Map<String, Tensor> params) {
        this.kind = kind;
        this.instances = instances;
        this.features = features;
        this.hidden = hidden;
        this.params = params;
    }

    /**
     * A fresh model. W (and W1, W2) are Xavier-normal with PyTorch's fan rule on the 3-D tensor,
     * so W [I, n, m] has std √(2/(m(n + I))) as in the paper's notebook; biases start at 0.
     * Instance i draws from {@code Rng.forStream(seed, i, INIT_STREAM)}.
     */
    public static ToyModel create(ModelKind kind, int instances, int features, int hidden, long seed) {
        return create(kind, instances, features, hidden, seed, instances);
    }

    /**
     * As {@link #create(ModelKind, int, int, int, long)}, with the init scale computed for
     * {@code scaleInstances} instances: restarts trained side by side keep the scale of one run.
     */
    public static ToyModel create(
            ModelKind kind, int instances, int features, int hidden, long seed, int scaleInstances) {
        long[] streams = new long[instances];
        java.util.Arrays.setAll(streams, i -> i);
        return create(kind, instances, features, hidden, seed, scaleInstances, streams);
    }

    /**
     * As above, with instance i drawing from {@code Rng.forStream(seed, streams[i], INIT_STREAM)}:
     * a slice of a sweep initialises each instance exactly as the whole sweep does.
     */
    public static ToyModel create(
            ModelKind kind, int instances, int features, int hidden, long seed, int scaleInstances, long[] streams) {
        if (streams.length != instances) {
            throw new IllegalArgumentException(
                    "need one stream per instance (" + instances + "), got " + streams.length);
        }
        Map<String, Tensor> p = new LinkedHashMap<>();
        if (kind == ModelKind.ABS) {
            p.put("W1", xavier(instances, features, hidden, seed, 0, scaleInstances, streams));
            p.put("W2", xavier(instances, hidden, features, seed, 1, scaleInstances, streams));
        } else {
            p.put("W", xavier(instances, features, hidden, seed, 0, scaleInstances, streams));
        }
        p.put("b", Tensor.param(new float[instances * features], instances, 1, features));
        return new ToyModel(kind, instances, features, hidden, p);
    }

    /** A model around existing weights (shapes as in {@link #weights()}); the arrays are copied. */
    public static ToyModel of(ModelKind kind, int instances, int features, int hidden, Map<String, float[]> weights) {
        ToyModel m = create(kind, instances, features, hidden, 0);
        for (Map.Entry<String, Tensor> e : m.params.entrySet()) {
            float[] src = weights.get(e.getKey());
            if (src == null || src.length != e.getValue().size()) {
                throw new IllegalArgumentException("weights for " + kind.key() + " need array " + e.getKey() + " with "
                        + e.getValue().size() + " values");
            }
            System.arraycopy(src, 0, e.getValue().data(), 0, src.length);
        }
        return m;
    }

    /** Xavier normal for a [d0, d1, d2] tensor: fan_in = d1·d2, fan_out = d0·d2. */
    static Tensor xavier(int d0, int d1, int d2, long seed, int which, int scaleD0, long[] streams) {
        double std = Math.sqrt(2.0 / ((double) d1 * d2 + (double) scaleD0 * d2));
        float[] w = new float[d0 * d1 * d2];
        int per = d1 * d2;
        for (int i = 0; i < d0; i++) {
            Rng rng = Rng.forStream(seed, streams[i], INIT_STREAM + which);
            for (int j = 0; j < per; j++) {
                w[i * per + j] = (float) (std * rng.nextGaussian());
            }
        }
        return Tensor.param(w, d0, d1, d2);
    }

    /** x' for x [instances, batch, features]. */
    public Tensor forward(Tape t, Tensor x) {
        Tensor b = params.get("b");
        switch (kind) {
            case LINEAR:
            case RELU: {
                Tensor w = params.get("W");
                Tensor pre = t.add(t.matmul(t.matmul(x, w), t.transpose(w)), b);
                return kind == ModelKind.RELU ? t.relu(pre) : pre;
            }
            case HIDDEN_RELU: {
                Tensor w = params.get("W");
                Tensor h = t.relu(t.matmul(x, w));
                return t.relu(t.add(t.matmul(h, t.transpose(w)), b));
            }
            case ABS: {
                Tensor h = t.relu(t.matmul(x, params.get("W1")));
                return t.relu(t.add(t.matmul(h, params.get("W2")), b));
            }
            default:
                throw new IllegalStateException("unknown model " + kind);
        }
    }

    public List<Tensor> parameters() {
        return List.copyOf(params.values());
    }

    /** Named arrays for weights.npz: W/W1 [I, n, m], W2 [I, m, n], b [I, n]. Backed by the live data. */
    public Map<String, float[]> weights() {
        Map<String, float[]> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, v.data()));
        return out;
    }

    /** The shape each named array is saved with. */
    public int[] shapeOf(String name) {
        switch (name) {
            case "W":
            case "W1":
                return new int[] {instances, features, hidden};
            case "W2":
                return new int[] {instances, hidden, features};
            case "b":
                return new int[] {instances, features};
            default:
                throw new IllegalArgumentException("no weight named " + name);
        }
    }

    /** The feature embedding whose geometry the metrics read: W, or W1 for the abs model. */
    public float[] embedding() {
        return params.get(kind == ModelKind.ABS ? "W1" : "W").data();
    }

    public float[] bias() {
        return params.get("b").data();
    }

    public ModelKind kind() {
        return kind;
    }

    public int instances() {
        return instances;
    }

    public int features() {
        return features;
    }

    public int hidden() {
        return hidden;
    }
}
