"""Golden values for OptimizerParityTest: one and three steps of PyTorch's AdamW, Adam and SGD
on hand-set parameters and gradients. Run with Debian's python3-torch:

    /usr/bin/python3 src/test/resources/golden/optim_golden.py

and paste the printed arrays into OptimizerParityTest.java.
"""
import torch

W0 = [0.5, -1.25, 2.0, 0.0, -0.003, 7.5]
GRADS = [
    [0.1, -0.2, 0.3, -0.4, 0.5, 1e-4],
    [-0.05, 0.6, 0.0, 0.25, -1.5, 2.0],
    [0.3, 0.3, -0.7, 0.1, 0.0, -0.9],
]


def run(make, steps):
    p = torch.nn.Parameter(torch.tensor(W0, dtype=torch.float32))
    opt = make([p])
    for s in range(steps):
        opt.zero_grad()
        p.grad = torch.tensor(GRADS[s], dtype=torch.float32)
        opt.step()
    return p.detach().tolist()


def show(name, values):
    print(name + " = {" + ", ".join("%.9ef" % v for v in values) + "};")


cases = {
    "ADAMW": lambda ps: torch.optim.AdamW(ps, lr=1e-2, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01),
    "ADAM": lambda ps: torch.optim.Adam(ps, lr=1e-2, betas=(0.9, 0.999), eps=1e-8),
    "ADAM_L2": lambda ps: torch.optim.Adam(ps, lr=1e-2, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1),
    "SGD": lambda ps: torch.optim.SGD(ps, lr=0.05, weight_decay=0.01),
}
for name, make in cases.items():
    for steps in (1, 3):
        show("%s_%d" % (name, steps), run(make, steps))
