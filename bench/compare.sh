#!/usr/bin/env bash
# Side-by-side timing of the fused Java path and PyTorch, whole processes, median of R runs.
#   bench/compare.sh                      # R=3, 10k-step sparsity sweep, 500-step n=400 m=30 job
#   R=1 STEPS=1000 BIG_STEPS=50 bench/compare.sh
# Then one catalogue job per model (hidden-ReLU, abs, correlated features) trained by `./sim run`
# and by bench/tms_torch.py with the same model, instances (restarts included) and batch.
# Env: R, STEPS, BIG_STEPS, PB_STEPS, ABS_STEPS, CORR_STEPS, THREADS, PY (default /usr/bin/python3),
# JAVA_OPTS, JOBS (default "sweep big pb abs corr"), ENGINE (auto or tape, for the catalogue jobs),
# LONG (default 10; 0 = off): the Java side also runs each job LONG times longer, and the table adds
# its rate after JIT warm-up, (long − short steps) / (long − short training seconds), against
# PyTorch's rate (which has no warm-up to speak of: its steps/s hardly change with the length).
set -euo pipefail
cd "$(dirname "$0")/.."
R=${R:-3}
STEPS=${STEPS:-10000}
BIG_STEPS=${BIG_STEPS:-500}
THREADS=${THREADS:-2}
PB_STEPS=${PB_STEPS:-500}
ABS_STEPS=${ABS_STEPS:-500}
CORR_STEPS=${CORR_STEPS:-3000}
JOBS=${JOBS:-sweep big pb abs corr}
LONG=${LONG:-10}
PY=${PY:-/usr/bin/python3}
DENS=1,0.3,0.1,0.03,0.01,0.003,0.001

if [ ! -f target/superpose.jar ] || [ ! -d target/lib ]; then
  mvn -q package -DskipTests
fi
CP="target/classes:$(ls target/lib/*.jar | tr '\n' :)"
OUT=$(mktemp -d)

# jvm ARGS...: java as ./sim starts it, with the vector module the dense kernels use (core.Simd;
# without it they take their scalar path and the timing says nothing about the real one). The
# JVM's one-line notice about the incubating module is dropped from stderr.
jvm() {
  java ${JAVA_OPTS:-} --add-modules jdk.incubator.vector "$@" 2> >(grep -v '^WARNING: Using incubator modules' >&2)
}

# run NAME CMD...: appends "wall_s<TAB>json" to $OUT/NAME
run() {
  local name=$1; shift
  local t0 t1 line
  t0=$(date +%s.%N)
  line=$("$@" | tail -n 1)
  t1=$(date +%s.%N)
  printf '%s\t%s\n' "$(echo "$t1 - $t0" | bc -l)" "$line" >> "$OUT/$name"
}

# The Java side of the sweep is the user's command, `./sim run`, start-up, JIT warm-up and
# run-folder writing included; jsonline turns its results.json into the same fields as the torch side.
sim_sweep() {
  local dir="$OUT/run-$1-$STEPS"
  jvm -jar target/superpose.jar run experiments/sparsity-sweep-20-in-5.toml --steps "$STEPS" \
      --threads "$THREADS" --seed "$1" --quiet --no-figures --out "$dir" > /dev/null
  "$PY" - "$dir" "$STEPS" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1] + "/results.json"))
steps = int(sys.argv[2])
print(json.dumps({"n": r["features"], "m": r["hidden"], "instances": r["instances"], "steps": steps,
                  "steps_per_s": steps / r["seconds"],
                  "represented": [x["metrics"]["represented"] for x in r["results"]]}))
PYEOF
}

# sim_job SPEC STEPS SEED: a catalogue spec (or a spec file) through `./sim run`; steps/s = steps / training seconds
sim_job() {
  local dir="$OUT/job-$(basename "$1" .toml)-$3-$2" spec=$1
  [[ $spec == */* ]] || spec="experiments/$1.toml"
  jvm -jar target/superpose.jar run "$spec" --steps "$2" --threads "$THREADS" \
      --seed "$3" --engine "${ENGINE:-auto}" --quiet --no-figures --checkpoint-every 0 --out "$dir" > /dev/null
  "$PY" - "$dir" "$2" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1] + "/results.json"))
steps = int(sys.argv[2])
print(json.dumps({"n": r["features"], "m": r["hidden"], "instances": r["instances"], "steps": steps,
                  "steps_per_s": steps / r["seconds"]}))
PYEOF
}

has() { [[ " $JOBS " == *" $1 "* ]]; }
TORCH="$PY bench/tms_torch.py --threads $THREADS"
for ((k = 0; k < R; k++)); do
  if has sweep; then
    run java_sweep sim_sweep $k
    ((LONG > 0)) && STEPS=$((STEPS * LONG)) run java_sweep_long sim_sweep $k
    run torch_sweep $TORCH --n 20 --m 5 --densities $DENS --importance-base 0.7 --steps "$STEPS" --seed $k
  fi
  if has big; then
    run java_big jvm -cp "$CP" io.github.superpose.sim.fast.FusedBenchmark \
        --n 400 --m 30 --densities 1 --importance-base 1 --steps "$BIG_STEPS" --threads "$THREADS" --seed $k
    run torch_big $TORCH --n 400 --m 30 --densities 1 --importance-base 1 --steps "$BIG_STEPS" --seed $k
    ((LONG > 0)) && run java_big_long jvm -cp "$CP" io.github.superpose.sim.fast.FusedBenchmark \
        --n 400 --m 30 --densities 1 --importance-base 1 --steps $((BIG_STEPS * LONG)) --threads "$THREADS" --seed $k
  fi
  if has pb; then
    # privileged-basis-10-in-5 with 32 restarts (the catalogue keeps more, in several chunks):
    # 7 densities x 32 restarts side by side = 224 instances of 10 -> 5 on both sides, the
    # restarts of a density training on its batches on both sides
    sed '0,/^restarts = .*/s//restarts = 32/' experiments/privileged-basis-10-in-5.toml > "$OUT/pb32.toml"
    run java_pb sim_job "$OUT/pb32.toml" "$PB_STEPS" $k
    ((LONG > 0)) && run java_pb_long sim_job "$OUT/pb32.toml" $((PB_STEPS * LONG)) $k
    run torch_pb $TORCH --model hidden-relu --n 10 --m 5 --densities 0.75,0.35,0.15,0.1,0.06,0.02,0.01 \
        --replicas 32 --shared-replicas --importance-base 0.75 --steps "$PB_STEPS" --seed $k
  fi
  if has abs; then
    run java_abs sim_job abs-100-in-40 "$ABS_STEPS" $k
    ((LONG > 0)) && run java_abs_long sim_job abs-100-in-40 $((ABS_STEPS * LONG)) $k
    run torch_abs $TORCH --model abs --optimizer adam --n 100 --m 40 --densities $DENS \
        --importance-base 0.8 --steps "$ABS_STEPS" --seed $k
  fi
  if has corr; then
    # correlated-6-in-2: 3 correlated pairs, 5 densities from 0.5 to 0.01 (geometric)
    run java_corr sim_job correlated-6-in-2 "$CORR_STEPS" $k
    ((LONG > 0)) && run java_corr_long sim_job correlated-6-in-2 $((CORR_STEPS * LONG)) $k
    run torch_corr $TORCH --n 6 --m 2 --correlated-pairs 3 --densities 0.5,0.1880,0.07071,0.02659,0.01 \
        --importance-base 1 --steps "$CORR_STEPS" --seed $k
  fi
done

"$PY" - "$OUT" <<'PYEOF'
import json, statistics, sys, os
out = sys.argv[1]
def load(name):
    rows = []
    for line in open(os.path.join(out, name)):
        wall, js = line.rstrip("\n").split("\t", 1)
        rows.append((float(wall), json.loads(js)))
    return rows
names = {"sweep": "relu: sparsity-sweep-20-in-5", "big": "relu: n=400 m=30 dense (FusedBenchmark)",
         "pb": "hidden-relu: privileged-basis-10-in-5", "abs": "abs: abs-100-in-40",
         "corr": "relu, correlated: correlated-6-in-2"}
table = []
for job in ("sweep", "big", "pb", "abs", "corr"):
    if not os.path.exists(os.path.join(out, "java_" + job)):
        continue
    j, t = load("java_" + job), load("torch_" + job)
    js = statistics.median(r[1]["steps_per_s"] for r in j)
    ts = statistics.median(r[1]["steps_per_s"] for r in t)
    jw = statistics.median(r[0] for r in j)
    tw = statistics.median(r[0] for r in t)
    print(f"== {job}: n={j[0][1]['n']} m={j[0][1]['m']} instances={j[0][1]['instances']} "
          f"steps={j[0][1]['steps']} runs={len(j)}")
    print(f"  training steps/s (median): java {js:.1f}   torch {ts:.1f}   ratio {js / ts:.1f}x")
    print(f"  whole process wall s (median): java {jw:.2f}   torch {tw:.2f}   ratio {tw / jw:.1f}x")
    if "simd" in j[0][1]:
        print(f"  dense kernels: {j[0][1]['simd']}")
    if "represented" in j[0][1]:
        print(f"  represented (norm>0.5) per instance: java {[r[1]['represented'] for r in j]}")
        print(f"                                        torch {[r[1]['represented'] for r in t]}")
    steady = None
    if os.path.exists(os.path.join(out, "java_" + job + "_long")):
        jl = load("java_" + job + "_long")
        s_short, s_long = j[0][1]["steps"], jl[0][1]["steps"]
        t_short = statistics.median(s_short / r[1]["steps_per_s"] for r in j)
        t_long = statistics.median(s_long / r[1]["steps_per_s"] for r in jl)
        steady = (s_long - s_short) / (t_long - t_short)
        print(f"  after JIT warm-up ({s_short} to {s_long} steps): java {steady:.1f} steps/s   ratio {steady / ts:.1f}x")
    table.append((names[job], t[0][1]["instances"], j[0][1]["steps"], js, ts, steady))
print()
print("| job | instances | steps | Superpose steps/s | PyTorch steps/s | ratio | Superpose after warm-up | ratio |")
print("|---|---|---|---|---|---|---|---|")
for name, inst, steps, js, ts, steady in table:
    tail = f" {steady:.1f} | **{steady / ts:.1f}x** |" if steady else " | |"
    print(f"| {name} | {inst} | {steps} | {js:.1f} | {ts:.2f} | {js / ts:.1f}x |" + tail)
PYEOF
rm -rf "$OUT"
