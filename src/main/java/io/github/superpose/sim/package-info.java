/**
 * Feature generators, toy models, losses, optimizers, LR schedules, the trainer, restarts and hooks.
 * Imports {@code core} only; never plots or touches files.
 */
package io.github.superpose.sim;
