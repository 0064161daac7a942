/** The picocli commands: run, reproduce, plot, list, probe, bench. May import every package. */
package io.github.superpose.cli;
