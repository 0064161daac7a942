package io.github.superpose.core;

/** Every operation the tape records. Backward rules for all of them live in {@link Grad}. */
public enum Op {
    LEAF,
    ADD,
    SUB,
    MUL,
    DIV,
    MATMUL,
    TRANSPOSE,
    RESHAPE,
    RELU,
    ABS,
    SQUARE,
    SQRT,
    EXP,
    LOG,
    GELU_TANH,
    GELU_ERF,
    SUM,
    MEAN
}
