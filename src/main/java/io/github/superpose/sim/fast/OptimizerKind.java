package io.github.superpose.sim.fast;

/** The optimizers the fused path implements, each with PyTorch's float32 semantics. */
public enum OptimizerKind {
    /** Decoupled weight decay (torch.optim.AdamW). */
    ADAMW,
    /** torch.optim.Adam; a non-zero weight decay is added to the gradient (L2), as PyTorch does. */
    ADAM,
    /** torch.optim.SGD without momentum; a non-zero weight decay is added to the gradient. */
    SGD
}
