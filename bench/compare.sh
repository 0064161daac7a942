#!/usr/bin/env bash
# Side-by-side timing of the fused Java path and PyTorch, whole processes, median of R runs.
#   bench/compare.sh                      # R=3, 10k-step sparsity sweep, 500-step n=400 m=30 job
#   R=1 STEPS=1000 BIG_STEPS=50 bench/compare.sh
# Env: R, STEPS, BIG_STEPS, THREADS, PY (default /usr/bin/python3), JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
R=${R:-3}
STEPS=${STEPS:-10000}
BIG_STEPS=${BIG_STEPS:-500}
THREADS=${THREADS:-2}
PY=${PY:-/usr/bin/python3}
DENS=1,0.3,0.1,0.03,0.01,0.003,0.001

if [ ! -f target/superpose.jar ] || [ ! -d target/lib ]; then
  mvn -q package -DskipTests
fi
CP="target/classes:$(ls target/lib/*.jar | tr '\n' :)"
OUT=$(mktemp -d)

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
  local dir="$OUT/run-$1"
  java ${JAVA_OPTS:-} -jar target/superpose.jar run experiments/sparsity-sweep-20-in-5.toml --steps "$STEPS" \
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

for ((k = 0; k < R; k++)); do
  run java_sweep sim_sweep $k
  run torch_sweep "$PY" bench/tms_torch.py --n 20 --m 5 --densities $DENS --importance-base 0.7 \
      --steps "$STEPS" --threads "$THREADS" --seed $k
  run java_big java ${JAVA_OPTS:-} -cp "$CP" io.github.superpose.sim.fast.FusedBenchmark \
      --n 400 --m 30 --densities 1 --importance-base 1 --steps "$BIG_STEPS" --threads "$THREADS" --seed $k
  run torch_big "$PY" bench/tms_torch.py --n 400 --m 30 --densities 1 --importance-base 1 \
      --steps "$BIG_STEPS" --threads "$THREADS" --seed $k
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
for job in ("sweep", "big"):
    j, t = load("java_" + job), load("torch_" + job)
    js = statistics.median(r[1]["steps_per_s"] for r in j)
    ts = statistics.median(r[1]["steps_per_s"] for r in t)
    jw = statistics.median(r[0] for r in j)
    tw = statistics.median(r[0] for r in t)
    print(f"== {job}: n={j[0][1]['n']} m={j[0][1]['m']} instances={j[0][1]['instances']} "
          f"steps={j[0][1]['steps']} runs={len(j)}")
    print(f"  training steps/s (median): java {js:.1f}   torch {ts:.1f}   ratio {js / ts:.1f}x")
    print(f"  whole process wall s (median): java {jw:.2f}   torch {tw:.2f}   ratio {tw / jw:.1f}x")
    print(f"  represented (norm>0.5) per instance: java {[r[1]['represented'] for r in j]}")
    print(f"                                        torch {[r[1]['represented'] for r in t]}")
PYEOF
rm -rf "$OUT"
