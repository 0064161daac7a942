"""PyTorch reference of the finite-data double-descent recipe (Henighan et al. 2023).

ReLU-output toy model x' = ReLU(W^T W x + b) with n features and m hidden dimensions. Inputs:
each feature active with probability p (the density), active values U[0, 1], then every point
rescaled to unit norm. For each training-set size T a fixed training set of T points is drawn
from its own stream and trained full-batch with AdamW (weight decay 1e-2), the learning rate
ramped linearly over the warmup steps to 1e-3 and then decayed to 0 on Superpose's schedule
(lr_t = lr * min(1, (t+1)/warmup) * cos(pi/2 * t/(steps-1))). Loss: mean over points and
features of (x - x')^2. Test loss: the same loss on fresh points from another stream.

Small sizes of T within a factor 2 of each other are trained side by side as instances of one
bucket (one W per T, padded points masked out of the loss); a size of more than 2^22 outputs per
step trains alone. Inputs are kept
sparse (index, value) and the dense output is handled in chunks of points, with gradients
accumulated over the chunks: the full-batch gradient, in bounded memory.

Full scale is out of reach on a CPU: T = 100,000 and n = 10,000 is 10^9 outputs per step, a few
seconds per step, days for 50,000 steps. Time it instead: `--max-seconds S` stops each bucket
after S seconds of training and at least 2 steps (or `--max-steps K` after K steps) and the JSON
reports steps/s (leaving out the first step, which allocates) and
the seconds the whole schedule (`--steps`) would take at that rate (`full_s`; `full_cpu_s` in
CPU seconds of this process, less sensitive to other load on the machine). Losses of a
stopped bucket are those at the stop, marked "completed": false.

  /usr/bin/python3 bench/dd_torch.py --features 10000 --hidden 2 --density 0.001 \
      --train-points 3,5,10,100,1000 --steps 50000 --max-seconds 20 --threads 2 --json dd.json

Prints one line per bucket (T values, steps done, steps/s) and, last, one JSON line.
"""
import argparse
import json
import math
import sys
import time

T0 = time.time()
import torch  # noqa: E402


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="Dense full batch at T=100k, n=10k is ~1e9 outputs per step: "
                                        "use --max-seconds or --max-steps to time a few hundred steps "
                                        "per T (at least 2; the first is left out of the rate); full_s "
                                        "in the JSON extrapolates to --steps.")
    ap.add_argument("--features", type=int, default=10000)
    ap.add_argument("--hidden", type=int, default=2)
    ap.add_argument("--density", type=float, default=0.001)
    ap.add_argument("--train-points", default="3,5,6,8,10,15,30,50,100,200,500,1000,2000,5000,"
                                               "10000,20000,50000,100000")
    ap.add_argument("--steps", type=int, default=50000, help="length of the schedule")
    ap.add_argument("--warmup", type=int, default=2500, help="warmup steps (at most --steps)")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--weight-decay", type=float, default=1e-2)
    ap.add_argument("--max-steps", type=int, default=0, help="stop each bucket after K steps (timing)")
    ap.add_argument("--max-seconds", type=float, default=0, help="stop each bucket after S s (timing)")
    ap.add_argument("--test-points", type=int, default=10000)
    ap.add_argument("--chunk-elements", type=int, default=1 << 23,
                    help="dense outputs per chunk (points x features x instances)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", default=None, help="also write the JSON result to this file")
    a = ap.parse_args(argv)
    try:
        a.sizes = sorted({int(s) for s in a.train_points.split(",") if s.strip()})
    except ValueError:
        ap.error("--train-points: expected integers separated by commas, got " + a.train_points)
    if not a.sizes or a.sizes[0] < 1:
        ap.error("--train-points: every size must be >= 1")
    if a.features < 1 or a.hidden < 1 or not 0 < a.density <= 1 or a.steps < 1:
        ap.error("--features, --hidden, --steps must be >= 1 and --density in (0, 1]")
    a.warmup = min(a.warmup, a.steps)
    return a


def sample(gen, count, n, p, rows=4096):
    """count points as (idx [count, k], val [count, k]), k = most active features in a point."""
    idx, val = [], []
    for s in range(0, count, rows):
        c = min(rows, count - s)
        on = torch.rand((c, n), generator=gen) < p
        u = torch.rand((c, n), generator=gen)
        k = max(1, int(on.sum(1).max()))
        top = torch.topk(on.to(torch.int8), k, dim=1)
        i = top.indices
        v = torch.gather(u, 1, i) * top.values.to(torch.float32)
        norm = v.norm(dim=1, keepdim=True)
        idx.append(i)
        val.append(torch.where(norm > 0, v / norm.clamp_min(1e-30), v))
    k = max(i.shape[1] for i in idx)
    idx = torch.cat([torch.nn.functional.pad(i, (0, k - i.shape[1])) for i in idx])
    val = torch.cat([torch.nn.functional.pad(v, (0, k - v.shape[1])) for v in val])
    return idx, val


def point_loss(W, b, idx, val):
    """Sum over features of (x - x')^2 per point; W [I,n,m], b [I,n], idx/val [I,c,k] -> [I,c]."""
    inst, n, m = W.shape
    offset = (torch.arange(inst) * n)[:, None, None]
    rows = W.reshape(inst * n, m)[idx + offset]                  # [I,c,k,m]
    h = (rows * val[..., None]).sum(2)                          # [I,c,m]
    out = torch.relu(torch.einsum("icm,inm->icn", h, W) + b[:, None, :])
    cross = (torch.gather(out, 2, idx) * val).sum(-1)
    return (out * out).sum(-1) - 2 * cross + (val * val).sum(-1)


def buckets(sizes, n, alone):
    """Groups sorted sizes within a factor 2 of each other; a size of more than `alone` outputs
    (T * n) trains alone, where batching saves no per-op overhead and padding would only cost."""
    out, cur = [], []
    for t in sizes:
        if cur and (t > 2 * cur[0] or t * n > alone):
            out.append(cur)
            cur = []
        cur.append(t)
    return out + [cur]


def run_bucket(a, sizes, log):
    n, m, inst = a.features, a.hidden, len(sizes)
    pad = max(sizes)
    idx = []
    val = []
    for t in sizes:
        g = torch.Generator().manual_seed(a.seed * 1_000_003 + t)
        i, v = sample(g, t, n, a.density)
        idx.append(i)
        val.append(v)
    k = max(i.shape[1] for i in idx)
    idx = torch.stack([torch.nn.functional.pad(i, (0, k - i.shape[1], 0, pad - i.shape[0])) for i in idx])
    val = torch.stack([torch.nn.functional.pad(v, (0, k - v.shape[1], 0, pad - v.shape[0])) for v in val])
    mask = torch.stack([(torch.arange(pad) < t).to(torch.float32) for t in sizes])
    scale = torch.tensor([1.0 / (t * n) for t in sizes])
    torch.manual_seed(a.seed * 7919 + sizes[0])
    W = torch.nn.Parameter(torch.empty((inst, n, m)))
    torch.nn.init.xavier_normal_(W)
    b = torch.nn.Parameter(torch.zeros((inst, n)))
    opt = torch.optim.AdamW([W, b], lr=a.lr, weight_decay=a.weight_decay)
    chunk = max(1, a.chunk_elements // (inst * n))

    def lr_at(t):
        return a.lr * min(1.0, (t + 1) / a.warmup) * math.cos(0.5 * math.pi * t / max(1, a.steps - 1))

    limit = a.steps if a.max_steps <= 0 else min(a.steps, a.max_steps)
    done = 0
    t_train = time.time()
    t_first = None  # end of the first step: the rate excludes its one-off allocations
    c_train = time.process_time()
    while done < limit:
        for group in opt.param_groups:
            group["lr"] = lr_at(done)
        opt.zero_grad(set_to_none=True)
        for s in range(0, pad, chunk):
            e = min(pad, s + chunk)
            per = point_loss(W, b, idx[:, s:e], val[:, s:e])
            ((per * mask[:, s:e]).sum(1) * scale).sum().backward()
        opt.step()
        done += 1
        if t_first is None:
            t_first, c_first = time.time(), time.process_time()
        if a.max_seconds > 0 and done >= 2 and time.time() - t_train >= a.max_seconds:
            break
    train_s = time.time() - t_train
    cpu_s = time.process_time() - c_train
    timed_s, timed = (time.time() - t_first, done - 1) if done >= 2 else (train_s, done)
    timed_cpu = time.process_time() - c_first if done >= 2 else cpu_s
    with torch.no_grad():
        train = torch.zeros(inst)
        for s in range(0, pad, chunk):
            e = min(pad, s + chunk)
            train += (point_loss(W, b, idx[:, s:e], val[:, s:e]) * mask[:, s:e]).sum(1)
        train *= scale
        g = torch.Generator().manual_seed(a.seed * 1_000_003 + 999_983)
        ti, tv = sample(g, a.test_points, n, a.density)
        test = torch.zeros(inst)
        tchunk = max(1, a.chunk_elements // (inst * n))
        for s in range(0, a.test_points, tchunk):
            e = min(a.test_points, s + tchunk)
            rows = e - s
            test += point_loss(W, b, ti[s:e].expand(inst, rows, -1), tv[s:e].expand(inst, rows, -1)).sum(1)
        test /= a.test_points * n
    rate = timed / timed_s if timed_s > 0 else float("inf")
    print(f"T={','.join(map(str, sizes))}: {done} steps in {train_s:.2f} s, {rate:.2f} steps/s, "
          f"whole schedule {a.steps / rate:.0f} s", file=log, flush=True)
    return [{"train_points": t, "steps_done": done, "completed": done == a.steps,
             "train_s": round(train_s, 4), "steps_per_s": round(rate, 4),
             "full_s": round(a.steps / rate, 2), "train_cpu_s": round(cpu_s, 4),
             "full_cpu_s": round(a.steps * timed_cpu / max(1, timed), 2), "bucket": sizes,
             "train_loss": float(f"{train[j].item():.6g}"), "test_loss": float(f"{test[j].item():.6g}")}
            for j, t in enumerate(sizes)]


def main(argv=None):
    a = parse_args(argv)
    torch.set_num_threads(a.threads)
    results = []
    for group in buckets(a.sizes, a.features, a.chunk_elements // 2):
        results.extend(run_bucket(a, group, sys.stderr))
    out = {"impl": "pytorch", "torch": torch.__version__, "features": a.features, "hidden": a.hidden,
           "density": a.density, "steps": a.steps, "warmup": a.warmup, "threads": a.threads,
           "seed": a.seed, "test_points": a.test_points,
           "train_s": round(sum(r["train_s"] for r in results if r["bucket"][0] == r["train_points"]), 3),
           "full_s": round(sum(r["full_s"] for r in results if r["bucket"][0] == r["train_points"]), 1),
           "full_cpu_s": round(sum(r["full_cpu_s"] for r in results if r["bucket"][0] == r["train_points"]), 1),
           "total_s": round(time.time() - T0, 3), "results": results}
    line = json.dumps(out)
    if a.json:
        with open(a.json + ".tmp", "w") as f:
            f.write(line + "\n")
        import os
        os.replace(a.json + ".tmp", a.json)
    print(line)


if __name__ == "__main__":
    main()
