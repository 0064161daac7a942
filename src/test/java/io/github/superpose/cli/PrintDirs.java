package io.github.superpose.cli;

/** Stands in for the jar in LauncherTest: prints the folders the launcher hands to the CLI. */
public final class PrintDirs {
    private PrintDirs() {}

    public static void main(String[] args) {
        System.out.println(System.getProperty("user.dir"));
        System.out.println(System.getProperty("superpose.home"));
        System.out.println(String.join(" ", args));
    }
}
