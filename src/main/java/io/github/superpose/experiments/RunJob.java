package io.github.superpose.experiments;

import io.github.superpose.core.Backend;
import io.github.superpose.core.InputException;
import io.github.superpose.sim.InstanceSlice;
import io.github.superpose.sim.TrainListener;
import io.github.superpose.sim.TrainingDivergedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Runs one spec into one run folder: the run contract of docs/architecture.md, shared by
 * {@code ./sim run}, {@code ./sim run --resume} and {@code ./sim reproduce}. In this order, inside
 * one try: reserve the output (a taken or unwritable folder fails before anything else), start or
 * continue the partial folder, train, write, render, rename into place, drop the partial folder.
 * A refusal or a failure leaves nothing this call made, except checkpoints worth resuming.
 *
 * <pre>RunResult r = RunJob.fresh(new RunJob.Plan(spec, opts, null, 1000, true), backend, progress, target, notes);</pre>
 */
public final class RunJob {
    /**
     * What to run.
     *
     * @param shard           "K/N" to train a slice of the instances, or null for all
     * @param checkpointEvery steps between checkpoints in {@code .NAME.partial} (0 = no partial folder)
     * @param figures         render the spec's figures into the run folder
     */
    public record Plan(Spec spec, RunOptions options, String shard, int checkpointEvery, boolean figures) {}

    private RunJob() {}

    /**
     * Refuses, before anything is written, a spec that cannot run here: figures that do not fit
     * the model, or a memory plan beyond the heap. Commands call it for every spec up front; the
     * lifecycle calls it again.
     */
    public static void check(Spec spec, String source) {
        check(spec, spec.instances(), source);
    }

    /** As {@link #check(Spec, String)} for a shard training {@code instances} of the spec's. */
    public static void check(Spec spec, int instances, String source) {
        Figures.check(spec, source);
        MemoryPlan.check(spec, instances, source);
    }

    /** Trains a new run into {@code target}, which must not exist. */
    public static RunResult fresh(
            Plan plan, Backend backend, TrainListener progress, Path target, Consumer<String> notes) throws Exception {
        return drive(plan, backend, progress, target, null, notes);
    }

    /** Continues the interrupted run {@code partial} (opened and locked by the caller; closed here). */
    public static RunResult resume(
            PartialRun partial, boolean figures, Backend backend, TrainListener progress, Consumer<String> notes)
            throws Exception {
        Plan plan = new Plan(partial.spec(), partial.options(), partial.shard(), partial.checkpointEvery(), figures);
        return drive(plan, backend, progress, partial.target(), partial, notes);
    }

    private static RunResult drive(
            Plan plan, Backend backend, TrainListener progress, Path target, PartialRun resumed, Consumer<String> notes)
            throws Exception {
        Spec spec = plan.spec();
        Path tmp = null;
        PartialRun partial = resumed;
        Thread onStop = null;
        boolean done = false;
        boolean trained = false;
        try {
            InstanceSlice slice = PartialRun.sliceOf(plan.shard(), spec, "--shard");
            check(
                    spec,
                    slice.size(),
                    resumed == null ? spec.name() : resumed.folder().toString());
            if (resumed != null) {
                resumed.cleanLeftovers();
            }
            tmp = RunStore.reserve(target);
            if (resumed == null && plan.checkpointEvery() > 0) {
                partial = PartialRun.start(target, spec, plan.options(), plan.shard(), plan.checkpointEvery());
                notes.accept("checkpoints every " + plan.checkpointEvery() + " steps in " + partial.folder()
                        + " (if stopped: ./sim run --resume " + target + ")");
            }
            Checkpoint.Saved saved = resumed == null ? null : resumed.checkpoint();
            if (resumed != null) {
                notes.accept(
                        saved == null
                                ? "resuming " + target + " from the start (no checkpoint yet)"
                                : "resuming " + target + " at " + position(saved, spec));
            }
            onStop = stopHook(tmp, partial == null ? null : target);
            RunControl control = partial == null ? new RunControl(slice, null, null, 0) : partial.control(slice, saved);
            RunResult r = Experiment.run(spec, plan.options(), backend, progress, control);
            trained = true;
            try {
                RunStore.write(tmp, r);
                if (plan.figures() && !r.sharded()) {
                    Figures.render(RunData.of(r), tmp, spec.name());
                }
            } catch (IOException | UncheckedIOException e) {
                // name the folder the user asked for, not the temporary one that is about to go
                throw new SpecException(
                        target + ": cannot write the run folder (" + why(e) + ")"
                                + (partial == null ? "" : "; the checkpoints stay in " + partial.folder()),
                        e);
            }
            RunStore.commit(tmp, target);
            done = true;
            if (partial != null) {
                partial.finish();
            }
            return r;
        } catch (InputException e) {
            // bad input (a spec, an option or a file): keep only a partial folder the user already had, or one holding
            // checkpoints of a run
            // that trained to the end and could not be written (free space, then --resume)
            release(
                    partial,
                    resumed == null && !(trained && partial != null && Files.isRegularFile(partial.checkpointFile())));
            throw e;
        } catch (TrainingDivergedException e) {
            // a run that cannot succeed: keep only a partial folder the user already had
            release(partial, resumed == null);
            throw e;
        } catch (Exception | Error e) {
            // keep checkpoints worth resuming; a new partial folder without one holds nothing to continue
            release(partial, resumed == null && partial != null && !Files.isRegularFile(partial.checkpointFile()));
            throw e;
        } finally {
            if (onStop != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(onStop);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is already running and cleans up
                }
            }
            if (!done) {
                try {
                    RunStore.discard(tmp);
                } catch (RuntimeException cannotDelete) {
                    // the error that brought us here matters more; the next --resume cleans up
                }
            }
        }
    }

    /** Why an I/O failure happened, in the operating system's words when it gave any. */
    static String why(Throwable e) {
        String last = e.toString();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileSystemException f && f.getReason() != null) {
                return f.getReason();
            }
            if (t.getMessage() != null) {
                last = t.getMessage();
            }
        }
        return last;
    }

    private static void release(PartialRun partial, boolean delete) {
        if (partial == null) {
            return;
        }
        if (delete) {
            partial.finish();
        } else {
            partial.close();
        }
    }

    /**
     * On Ctrl-C (or SIGTERM): delete the half-written output folder and, for a checkpointed run,
     * say how to continue. A SIGKILL skips hooks; the next --resume of this run cleans up instead.
     */
    private static Thread stopHook(Path tmp, Path resumable) {
        Thread t = new Thread(() -> {
            try {
                RunStore.discard(tmp);
            } catch (RuntimeException ignored) {
                // the process is ending; a leftover is cleaned by the next --resume
            }
            if (resumable != null) {
                System.err.println("\nsim: stopped; continue with ./sim run --resume " + resumable);
            }
        });
        Runtime.getRuntime().addShutdownHook(t);
        return t;
    }

    private static String position(Checkpoint.Saved saved, Spec spec) {
        var s = saved.state();
        return s.atBoundary()
                ? "the end of restart chunk " + s.chunk()
                : "step " + s.step() + " of " + spec.steps() + " (restart chunk " + s.chunk() + ")";
    }
}
