"""Golden values for the fused AdamW/Adam/SGD steps (FusedOptimizerGoldenTest).

Run: /usr/bin/python3 bench/golden_adamw.py
Prints float32 parameters after one and two steps of torch.optim.AdamW (lr 1e-3, betas
(0.9, 0.999), eps 1e-8, weight decay 0.01), Adam and SGD from hand-set values and gradients.
"""
import torch

torch.set_printoptions(precision=10)
P0 = [0.5, -1.25, 0.0, 3.0, -0.001, 1e-4]
G1 = [0.1, -0.2, 0.3, 1e-5, -7.0, 0.0]
G2 = [-0.05, 0.4, 0.3, 2.0, 1e-3, 1e-6]


def run(make, grads):
    p = torch.nn.Parameter(torch.tensor(P0, dtype=torch.float32))
    opt = make([p])
    out = []
    for g in grads:
        p.grad = torch.tensor(g, dtype=torch.float32)
        opt.step()
        out.append([float(v) for v in p.detach()])
    return out


def show(name, rows):
    for k, r in enumerate(rows, 1):
        print(f"{name} step {k}: " + ", ".join(f"{v!r}f" for v in r))


show("adamw", run(lambda ps: torch.optim.AdamW(ps, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01), [G1, G2]))
show("adam", run(lambda ps: torch.optim.Adam(ps, lr=1e-3), [G1, G2]))
show("sgd", run(lambda ps: torch.optim.SGD(ps, lr=0.1, weight_decay=0.01), [G1, G2]))
