"""Summarises a bench/dd_compare.sh folder: java-K/ run folders, torch-K.json, *.wall seconds.

  /usr/bin/python3 bench/dd_report.py OUT R speed|curve
"""
import json
import os
import statistics
import sys


def java_run(out, k):
    """(training seconds, {T: (test, train)}) from a `sim run` folder, or None when absent."""
    folder = os.path.join(out, f"java-{k}")
    if not os.path.isdir(folder):
        return None
    r = json.load(open(os.path.join(folder, "results.json")))
    config = json.load(open(os.path.join(folder, "config.json")))
    sizes = config["spec"].get("data", {}).get("train_points")
    losses = {}
    for j, row in enumerate(r["results"]):
        t = row.get("train_points", sizes[row["instance"]] if sizes else j)
        test = row.get("test_loss", row.get("eval_loss"))
        losses[int(t)] = (float(test), float(row["train_loss"]))
    return float(r["seconds"]), losses


def torch_run(out, k):
    r = json.load(open(os.path.join(out, f"torch-{k}.json")))
    losses = {x["train_points"]: (x["test_loss"], x["train_loss"]) for x in r["results"]}
    return r, losses


def cpu(out, name):
    """user + sys seconds written by bash's time with TIMEFORMAT='%U %S'."""
    return sum(float(v) for v in open(os.path.join(out, name + ".cpu")).read().split())


def wall(out, name):
    return float(open(os.path.join(out, name + ".wall")).read())


def speed(out, runs, java, torch):
    t0 = torch[0][0]
    print(f"== double descent: n={t0['features']} m={t0['hidden']} density={t0['density']} "
          f"steps={t0['steps']} sizes={len(t0['results'])} threads={t0['threads']} runs={runs}")
    for x in t0["results"]:
        print(f"  torch T={x['train_points']:>6}: {x['steps_done']} steps timed, {x['steps_per_s']:.2f} steps/s "
              f"(bucket {x['bucket']})")
    torch_measured = statistics.median(t[0]["train_s"] for t in torch)
    torch_full = statistics.median(t[0]["full_s"] for t in torch)
    complete = all(x["completed"] for t in torch for x in t[0]["results"])
    print(f"  PyTorch training s (median): measured {torch_measured:.1f}, whole schedule "
          f"{torch_full:.1f}{'' if complete else ' (extrapolated from the timed steps)'}")
    torch_cpu = statistics.median(t[0]["full_cpu_s"] for t in torch)
    print(f"  PyTorch CPU s of the training loop, whole schedule (median): {torch_cpu:.1f}")
    if java:
        js = statistics.median(j[0] for j in java)
        jw = statistics.median(wall(out, f"java-{k}") for k in range(runs))
        jc = statistics.median(cpu(out, f"java-{k}") for k in range(runs))
        print(f"  Superpose training s (median): {js:.1f}   whole process {jw:.1f}   whole-process CPU s {jc:.1f}")
        print(f"  ratio (PyTorch / Superpose, training time of the whole schedule): {torch_full / js:.1f}x")
        print(f"  ratio in CPU seconds (PyTorch training loop / Superpose whole process): {torch_cpu / jc:.1f}x")
        print()
        print("| job | steps | Superpose s | PyTorch s | ratio |")
        print("|---|---|---|---|---|")
        print(f"| double descent, n={t0['features']} m={t0['hidden']}, {len(t0['results'])} sizes of T | "
              f"{t0['steps']} | {js:.1f} | {torch_full:.0f}{'' if complete else ' (extrapolated)'} | "
              f"**{torch_full / js:.1f}x** |")


def curve(runs, java, torch):
    sizes = sorted(torch[0][1])
    agree = 0
    print(f"{'T':>7} | {'Superpose test loss: median [min, max]':>40} | {'PyTorch test loss: median [min, max]':>40} | "
          f"train loss S / P | within noise")
    for t in sizes:
        p = [x[1][t][0] for x in torch]
        pt = statistics.median(x[1][t][1] for x in torch)
        line = f"{t:>7} | {'':>40} | {fmt(p):>40} | "
        if java:
            j = [x[1][t][0] for x in java]
            jt = statistics.median(x[1][t][1] for x in java)
            # seed noise: the larger spread over seeds, at least 1% (each side draws its own fresh
            # test points, whose sampling error alone is a few tenths of a percent at 10,000 points)
            noise = max(max(j) - min(j), max(p) - min(p), 0.01 * statistics.median(p))
            ok = abs(statistics.median(j) - statistics.median(p)) <= noise
            agree += ok
            line = f"{t:>7} | {fmt(j):>40} | {fmt(p):>40} | {jt:.3g} / {pt:.3g} | {'yes' if ok else 'NO'}"
        print(line)
    if java:
        print(f"test-loss medians within seed noise (the larger spread over {runs} seeds, at least 1%): "
              f"{agree} of {len(sizes)} T")


def fmt(values):
    return f"{statistics.median(values):.4g} [{min(values):.4g}, {max(values):.4g}]"


def main():
    out, runs, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    torch = [torch_run(out, k) for k in range(runs)]
    java = [j for j in (java_run(out, k) for k in range(runs)) if j is not None]
    if mode == "curve":
        curve(runs, java, torch)
    else:
        speed(out, runs, java, torch)


if __name__ == "__main__":
    main()
