package io.github.superpose.sim;

/**
 * How to train: steps, batch, optimizer, schedule, seed, threads, logging, restarts.
 *
 * @param logEvery  record per-instance loss every this many steps (and at the last step)
 * @param hookEvery call the hook every this many steps (0 = never)
 * @param restarts  best-of-K: train K times with derived seeds, keep per instance the lowest eval loss
 * @param evalBatch samples per instance in the fixed evaluation batch that ranks restarts
 */
public record TrainConfig(
        int steps,
        int batch,
        OptimizerConfig optimizer,
        Schedule schedule,
        long seed,
        int threads,
        int logEvery,
        int hookEvery,
        int restarts,
        int evalBatch) {
    public TrainConfig {
        if (steps <= 0) {
            throw new IllegalArgumentException("steps must be > 0, got " + steps);
        }
        if (batch <= 0) {
            throw new IllegalArgumentException("batch must be > 0, got " + batch);
        }
        if (restarts <= 0) {
            throw new IllegalArgumentException("restarts must be > 0, got " + restarts);
        }
    }

    /** The notebook's defaults: AdamW, constant LR, batch 1024, 10k steps, one restart. */
    public static TrainConfig defaults(long seed) {
        return new TrainConfig(
                10_000,
                1024,
                OptimizerConfig.adamW(),
                Schedule.constant(),
                seed,
                Runtime.getRuntime().availableProcessors(),
                100,
                0,
                1,
                8192);
    }

    public TrainConfig withSteps(int s) {
        return new TrainConfig(s, batch, optimizer, schedule, seed, threads, logEvery, hookEvery, restarts, evalBatch);
    }

    public TrainConfig withRestarts(int r) {
        return new TrainConfig(steps, batch, optimizer, schedule, seed, threads, logEvery, hookEvery, r, evalBatch);
    }

    public TrainConfig withThreads(int t) {
        return new TrainConfig(steps, batch, optimizer, schedule, seed, t, logEvery, hookEvery, restarts, evalBatch);
    }

    public TrainConfig withHookEvery(int h) {
        return new TrainConfig(steps, batch, optimizer, schedule, seed, threads, logEvery, h, restarts, evalBatch);
    }

    /**
     * The seed of restart chunk c: restarts train side by side in chunks of extra instances, and
     * chunk 0 uses the seed itself, so its first restart is exactly a plain run.
     */
    public long restartSeed(int r) {
        return r == 0 ? seed : io.github.superpose.core.Rng.mix64(seed + 0x9E3779B97F4A7C15L * r);
    }
}
