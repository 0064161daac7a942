package io.github.superpose.cli;

import io.github.superpose.core.InputException;
import io.github.superpose.sim.TrainingDivergedException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code superpose} command line ({@code ./sim ...}). Exit codes: 0 success, 2 bad input
 * (one line on stderr naming the field or file), 1 internal failure.
 *
 * <pre>./sim run experiments/intro-5-in-2.toml --steps 2000</pre>
 */
@Command(
        name = "sim",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {"Superpose: toy models of superposition, trained, measured and plotted.", ""},
        subcommands = {
            RunCommand.class,
            MergeCommand.class,
            ReproduceCommand.class,
            PlotCommand.class,
            LossMapCommand.class,
            ListCommand.class,
            ProbeCommand.class,
            SaeCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 success, 2 bad input (one line on stderr), 1 internal failure.",
            "Run `./sim COMMAND --help` for a command's options."
        })
public final class Main implements Runnable {
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_INTERNAL = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit code (tests call this instead of main). */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the CLI with the given output streams. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setUsageHelpWidth(100);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter w = ex.getCommandLine().getErr();
            w.println("sim: " + ex.getMessage().split("\n")[0] + " (see --help)");
            w.flush();
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, commandLine.getErr()));
        // subcommands do not inherit the version provider: `./sim run --version` would print nothing
        cl.getSubcommands().values().forEach(c -> c.getCommandSpec().versionProvider(new Version()));
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            return outOfMemory(err);
        }
    }

    /** The memory plan refuses what it can foresee; this is the one line for what it could not. */
    static int outOfMemory(PrintWriter err) {
        long heap = Runtime.getRuntime().maxMemory();
        err.println("sim: out of memory with a heap of " + (heap >> 20) + " MiB; raise it, e.g. JAVA_OPTS=-Xmx"
                + Math.max(2, 2 * ((heap + (1L << 30) - 1) >> 30)) + "g ./sim ...");
        err.flush();
        return EXIT_INTERNAL;
    }

    static int report(Exception ex, PrintWriter err) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                // thrown on a worker thread and wrapped on its way here
                return outOfMemory(err);
            }
        }
        int code;
        if (ex instanceof InputException) {
            // every input error of every package (spec, option, file format, bridge input) is one type
            err.println("sim: " + ex.getMessage());
            code = EXIT_BAD_INPUT;
        } else if (ex instanceof TrainingDivergedException) {
            err.println("sim: " + ex.getMessage() + " (try a lower optimizer.lr)");
            code = EXIT_BAD_INPUT;
        } else {
            err.println("sim: internal error: " + ex);
            if (System.getenv("SUPERPOSE_DEBUG") != null) {
                ex.printStackTrace(err);
            } else {
                err.println("sim: set SUPERPOSE_DEBUG=1 for the stack trace");
            }
            code = EXIT_INTERNAL;
        }
        err.flush();
        return code;
    }

    /** Version from the jar manifest, or "dev" when run from classes. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"superpose " + (v == null ? "dev" : v)};
        }
    }
}
