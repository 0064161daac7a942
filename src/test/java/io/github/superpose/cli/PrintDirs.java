package io.github.superpose.cli;

/**
 * Stands in for the jar in LauncherTest: prints the folders the launcher hands to the CLI, whether
 * the vector API module is resolved, and (with the argument {@code exit3}) a line on stderr before
 * exiting with status 3.
 */
public final class PrintDirs {
    private PrintDirs() {}

    public static void main(String[] args) {
        System.out.println(System.getProperty("user.dir"));
        System.out.println(System.getProperty("superpose.home"));
        System.out.println(String.join(" ", args));
        System.out.println("vector "
                + ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        if (args.length > 0 && args[0].equals("exit3")) {
            System.err.println("sim: the one error line");
            System.exit(3);
        }
    }
}
