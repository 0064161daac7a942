package io.github.superpose.experiments;

/**
 * One checkable statement of the paper, measured on a run.
 *
 * @param id       the reference tag (T5, T7, ...)
 * @param text     what the paper says, in one line
 * @param measured what this run measured
 * @param pass     whether the measurement agrees
 */
public record Claim(String id, String text, String measured, boolean pass) {}
