"""Resolves a double-descent spec for bench/dd_compare.sh: applies the env overrides N (features),
STEPS (steps, warmup clipped to it) and TPOINTS (comma list of T), writes the result as a spec for
`sim run` (argv[2]) and prints the matching bench/dd_torch.py arguments on one line.

  /usr/bin/python3 bench/dd_spec.py experiments/double-descent-10000-in-2.toml /tmp/spec.toml
"""
import os
import sys
import tomllib


def sizes(data):
    """The T values as `sim` resolves them: a list, or a log-spaced sweep rounded to integers."""
    if "train_points" in data:
        return [int(t) for t in data["train_points"]]
    lo, hi = float(data["train_points_from"]), float(data["train_points_to"])
    count = int(data.get("train_points_count", 10))
    out = []
    for k in range(count):
        t = round(lo * (hi / lo) ** (k / max(1, count - 1)))
        if t not in out:
            out.append(t)
    return out


def value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, list):
        return "[" + ", ".join(value(x) for x in v) + "]"
    return repr(v)


def write(spec, path):
    lines = [f"{k} = {value(v)}" for k, v in spec.items() if not isinstance(v, dict)]
    for table, body in spec.items():
        if isinstance(body, dict):
            lines.append(f"\n[{table}]")
            lines += [f"{k} = {value(v)}" for k, v in body.items()]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    with open(sys.argv[1], "rb") as f:
        spec = tomllib.load(f)
    spec.pop("quick", None)
    spec.pop("figures", None)  # the bench renders none (--no-figures); a name this build lacks would refuse the spec
    data = spec.setdefault("data", {})
    if os.environ.get("N"):
        spec["features"] = int(os.environ["N"])
    if os.environ.get("STEPS"):
        spec["steps"] = int(os.environ["STEPS"])
    if os.environ.get("TPOINTS"):
        for key in ("train_points_from", "train_points_to", "train_points_count"):
            data.pop(key, None)
        data["train_points"] = [int(t) for t in os.environ["TPOINTS"].split(",")]
    schedule = spec.setdefault("schedule", {})
    warmup = min(int(schedule.get("warmup", 0)), int(spec["steps"]))
    if "warmup" in schedule:
        schedule["warmup"] = warmup
    density = spec.get("density", {}).get("values", [0.001])
    if len(density) != 1:
        sys.exit("dd_spec: the reference trains one density; [density] values has " + str(len(density)))
    opt = spec.get("optimizer", {})
    write(spec, sys.argv[2])
    args = ["--features", spec["features"], "--hidden", spec["hidden"], "--density", density[0],
            "--train-points", ",".join(str(t) for t in sizes(data)), "--steps", spec["steps"],
            "--warmup", max(1, warmup), "--lr", opt.get("lr", 1e-3), "--weight-decay", opt.get("weight_decay", 1e-2)]
    if schedule.get("kind", "constant") != "cosine" or opt.get("kind", "adamw") != "adamw":
        sys.exit("dd_spec: the reference implements adamw with a cosine schedule only")
    print(" ".join(str(a) for a in args))


if __name__ == "__main__":
    main()
