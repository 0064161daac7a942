package io.github.superpose.sim;

import java.util.Arrays;

/**
 * Which instances of a sweep this process trains. Every instance draws its initial weights,
 * data and evaluation batch from streams named by its global index, and the initial scale and
 * restart chunking follow the sweep's full instance count, so an instance trained in a slice is
 * bit-for-bit the instance trained in the whole sweep.
 *
 * <pre>InstanceSlice s = InstanceSlice.shard(1, 4, 100);   // instances 1, 5, 9, ... of 100</pre>
 *
 * @param ids   global indices of the instances trained here, ascending
 * @param total instances in the whole sweep
 */
public record InstanceSlice(int[] ids, int total) {
    public InstanceSlice {
        if (total <= 0 || ids.length == 0) {
            throw new IllegalArgumentException("a slice needs at least one of " + total + " instances");
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= total || i > 0 && ids[i] <= ids[i - 1]) {
                throw new IllegalArgumentException(
                        "slice ids must ascend within [0, " + total + "), got " + Arrays.toString(ids));
            }
        }
        ids = ids.clone();
    }

    /** Every instance. */
    public static InstanceSlice all(int total) {
        int[] ids = new int[total];
        Arrays.setAll(ids, i -> i);
        return new InstanceSlice(ids, total);
    }

    /**
     * Shard k of n (0 ≤ k < n): instances k, k + n, k + 2n, ... Interleaving spreads a sweep's
     * cheap and expensive ends (dense and sparse instances) evenly over the shards.
     */
    public static InstanceSlice shard(int k, int n, int total) {
        if (n <= 0 || k < 0 || k >= n) {
            throw new IllegalArgumentException("shard " + k + "/" + n + ": expected 0 <= k < n");
        }
        if (n > total) {
            throw new IllegalArgumentException("shard count " + n + " exceeds the " + total + " instances");
        }
        int[] ids = new int[(total - k + n - 1) / n];
        for (int j = 0; j < ids.length; j++) {
            ids[j] = k + j * n;
        }
        return new InstanceSlice(ids, total);
    }

    public int size() {
        return ids.length;
    }

    public int id(int local) {
        return ids[local];
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    public boolean isAll() {
        return ids.length == total;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InstanceSlice s && s.total == total && Arrays.equals(s.ids, ids);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + total;
    }

    @Override
    public String toString() {
        return "InstanceSlice" + Arrays.toString(ids) + "/" + total;
    }
}
