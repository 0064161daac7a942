"""PyTorch reference job in the style of the paper's notebook (toy_models.ipynb).

W [I, n, m] Xavier-normal (PyTorch's fan rule on the 3-D tensor), b zeros, ReLU output,
AdamW lr 1e-3 wd 0.01, batch 1024, a fresh batch every step, loss sum_i mean(I (x - x')^2).
Prints one JSON line. Run with /usr/bin/python3 (Debian python3-torch).

  /usr/bin/python3 bench/tms_torch.py --n 20 --m 5 --densities 1,0.3,0.1,0.03,0.01,0.003,0.001 \
      --importance-base 0.7 --steps 10000 --threads 2

Other models of the catalogue: --model hidden-relu (h = ReLU(W x), x' = ReLU(W^T h + b)),
--model abs (untied W1, W2, inputs U[-1,1) where active, target |x|; with --optimizer adam),
--correlated-pairs K (pairs share one presence draw), --replicas R (R copies of every density,
as restarts trained side by side; with --shared-replicas they train on their density's batch,
as the catalogue's restarts do).
"""
import argparse
import json
import time

T0 = time.time()
import torch  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--m", type=int, default=5)
    ap.add_argument("--densities", default="1,0.3,0.1,0.03,0.01,0.003,0.001")
    ap.add_argument("--importance-base", type=float, default=0.7)
    ap.add_argument("--steps", type=int, default=10000)
    ap.add_argument("--batch", type=int, default=1024)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--model", choices=["relu", "hidden-relu", "abs"], default="relu")
    ap.add_argument("--optimizer", choices=["adamw", "adam"], default="adamw")
    ap.add_argument("--replicas", type=int, default=1)
    ap.add_argument("--correlated-pairs", type=int, default=0)
    ap.add_argument("--shared-replicas", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    p = torch.tensor([float(d) for d in a.densities.split(",")] * a.replicas)
    inst, n, m = len(p), a.n, a.m
    feature_probability = p[:, None]
    importance = (a.importance_base ** torch.arange(n, dtype=torch.float32))[None, :]
    W = torch.nn.Parameter(torch.empty((inst, n, m)))
    torch.nn.init.xavier_normal_(W)
    params = [W]
    if a.model == "abs":
        W2 = torch.nn.Parameter(torch.empty((inst, m, n)))
        torch.nn.init.xavier_normal_(W2)
        params.append(W2)
    b_final = torch.nn.Parameter(torch.zeros((inst, n)))
    params.append(b_final)
    if a.optimizer == "adam":
        opt = torch.optim.Adam(params, lr=1e-3)
    else:
        opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.01)
    k = a.correlated_pairs

    # with shared replicas one batch per density is drawn and every replica trains on it
    drawn = inst // a.replicas if a.shared_replicas else inst
    draw_p = feature_probability[:drawn]

    def generate_batch():
        feat = torch.rand((a.batch, drawn, n))
        if a.model == "abs":
            feat = 2 * feat - 1
        on = torch.rand((a.batch, drawn, n)) <= draw_p
        if k > 0:
            pair_on = torch.rand((a.batch, drawn, k)) <= draw_p
            on = torch.cat([pair_on.repeat_interleave(2, dim=-1), on[..., 2 * k:]], dim=-1)
        x = torch.where(on, feat, torch.zeros(()))
        return x.repeat(1, inst // drawn, 1) if drawn != inst else x

    def forward(x):
        if a.model == "relu":
            hidden = torch.einsum("...if,ifh->...ih", x, W)
            return torch.relu(torch.einsum("...ih,ifh->...if", hidden, W) + b_final)
        hidden = torch.relu(torch.einsum("...if,ifh->...ih", x, W))
        if a.model == "abs":
            return torch.relu(torch.einsum("...ih,ihf->...if", hidden, W2) + b_final)
        return torch.relu(torch.einsum("...ih,ifh->...if", hidden, W) + b_final)

    t_train = time.time()
    for step in range(a.steps):
        opt.zero_grad(set_to_none=True)
        x = generate_batch()
        out = forward(x)
        error = importance * (x.abs() - out) ** 2
        per_instance = error.mean(dim=(0, 2))
        loss = per_instance.sum()
        loss.backward()
        opt.step()
    train_s = time.time() - t_train
    with torch.no_grad():
        norms = W.norm(dim=-1)
        represented = (norms > 0.5).sum(dim=-1).tolist()
    print(json.dumps({
        "impl": "pytorch", "torch": torch.__version__, "model": a.model, "n": n, "m": m, "instances": inst,
        "steps": a.steps, "threads": a.threads, "steps_per_s": round(a.steps / train_s, 2),
        "train_s": round(train_s, 3), "total_s": round(time.time() - T0, 3),
        "represented": represented, "final_loss": [float(f"{v:.6g}") for v in per_instance.tolist()],
    }))


if __name__ == "__main__":
    main()
