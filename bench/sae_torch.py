"""PyTorch reference for SAE training speed, the same step as Superpose's SaeTrainer.

BatchTopK SAE (Bussmann et al., 2024) in SAELens's layout: f = relu((x - b_dec) W_enc + b_enc) kept at the
k*batch largest pre-activations of the batch, x_hat = f W_dec + b_dec, loss sum((x_hat - x)^2) / batch,
Adam lr 1e-3, decoder rows renormalised to unit norm after each step. Everything is dense, as PyTorch does it.
Data: the same recipe as SaeBenchmark (Gaussian rows plus sparse large directions), a batch drawn each step.
Prints one JSON line with samples/s after --warmup steps. Run with /usr/bin/python3 (Debian python3-torch).

  /usr/bin/python3 bench/sae_torch.py --din 1536 --latents 3072 --k 32 --batch 1024 --steps 30 --threads 2
"""
import argparse
import json
import time

T0 = time.time()
import torch  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--din", type=int, default=1536)
    ap.add_argument("--latents", type=int, default=3072)
    ap.add_argument("--k", type=int, default=32)
    ap.add_argument("--batch", type=int, default=1024)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    d, ds = a.din, a.latents
    dirs = torch.randn(64, d) / d ** 0.5
    on = (torch.rand(8192, 64) < 0.05).float()
    data = torch.randn(8192, d) + 10 * on @ dirs
    scale = d ** 0.5 / data.norm(dim=1).mean()
    w_dec = torch.randn(ds, d)
    w_dec = 0.1 * w_dec / w_dec.norm(dim=1, keepdim=True)
    W_dec = torch.nn.Parameter(w_dec.clone())
    W_enc = torch.nn.Parameter(w_dec.t().clone())
    b_enc = torch.nn.Parameter(torch.zeros(ds))
    b_dec = torch.nn.Parameter((data.mean(0) * scale).clone())
    opt = torch.optim.Adam([W_enc, b_enc, W_dec, b_dec], lr=1e-3)
    keep = a.k * a.batch
    t_start = None
    for step in range(a.warmup + a.steps):
        if step == a.warmup:
            t_start = time.time()
        x = data[torch.randint(0, data.shape[0], (a.batch,))] * scale
        pre = (x - b_dec) @ W_enc + b_enc
        acts = torch.relu(pre)
        flat = acts.flatten()
        top = flat.topk(keep, sorted=False)
        f = torch.zeros_like(flat).scatter(0, top.indices, top.values).view_as(acts)
        x_hat = f @ W_dec + b_dec
        loss = ((x_hat - x) ** 2).sum() / a.batch
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        with torch.no_grad():
            W_dec /= W_dec.norm(dim=1, keepdim=True)
    secs = time.time() - t_start
    print(json.dumps({"impl": "torch", "kind": "batchtopk", "samples_per_s": round(a.steps * a.batch / secs, 1),
                      "step_ms": round(1000 * secs / a.steps, 1), "total_s": round(time.time() - T0, 2)}))


if __name__ == "__main__":
    main()
