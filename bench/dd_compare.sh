#!/usr/bin/env bash
# Double descent side by side: the same finite-data job trained by Superpose (`sim run SPEC`) and by
# the PyTorch reference bench/dd_torch.py, R runs each, medians.
#
#   bench/dd_compare.sh experiments/double-descent-10000-in-2.toml            # speed (default)
#   MODE=curve R=3 N=1000 STEPS=5000 bench/dd_compare.sh SPEC                 # test-loss curves
#   TORCH_ONLY=1 TORCH_SECONDS=5 bench/dd_compare.sh SPEC                     # PyTorch side alone
#   bench/dd_compare.sh SPEC -- ./sim                                          # Java command to use
#
# Both sides read one resolved spec: SPEC's [data] train_points (or its log-spaced sweep), features,
# hidden, [density] values, steps, [optimizer] lr and weight_decay, [schedule] warmup, with the env
# overrides N (features), STEPS (steps; warmup is clipped to it) and TPOINTS (comma list of T).
#
# MODE=speed: Superpose trains the whole schedule; PyTorch trains each bucket of T for at most
#   TORCH_SECONDS (default 30; 0 = the whole schedule) and its full-schedule time is extrapolated from
#   the measured steps/s. That is exact for PyTorch, whose dense step costs the same at every step, and
#   is the only way to time it at n = 10,000 and T = 100,000 (10^9 outputs per step, days in all).
#   Prints per side the median training seconds for the whole schedule and the ratio, in wall seconds
#   and in CPU seconds (Java: the whole process; PyTorch: its training loop, extrapolated).
# MODE=curve: both sides train the whole schedule with seeds 0..R-1 and the script prints, per T,
#   each side's median test loss and the spread over seeds, and whether the medians agree within the
#   larger of the two spreads or 1% (seed noise; each side also draws its own fresh test points).
# Env: R (3), THREADS (2), TORCH_THREADS (THREADS), PY (/usr/bin/python3), JAVA_OPTS, TORCH_SECONDS,
# TEST_POINTS (10000). On a loaded machine PyTorch's 2-thread steps can be slower than 1-thread ones
# (its workers wait on each other); TORCH_THREADS=1 lets the reference run at its best.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  echo "usage: bench/dd_compare.sh SPEC [-- JAVA_COMMAND...]" >&2
  exit 2
fi
SPEC=$1
shift
if [ $# -gt 0 ] && [ "$1" = "--" ]; then shift; fi
if [ $# -gt 0 ]; then JAVA=("$@"); else JAVA=(java ${JAVA_OPTS:-} --add-modules jdk.incubator.vector -jar target/superpose.jar); fi
if [ ! -f "$SPEC" ]; then
  echo "dd_compare: spec $SPEC not found" >&2
  exit 2
fi
MODE=${MODE:-speed}
R=${R:-3}
THREADS=${THREADS:-2}
PY=${PY:-/usr/bin/python3}
TORCH_THREADS=${TORCH_THREADS:-$THREADS}
TORCH_SECONDS=${TORCH_SECONDS:-30}
TEST_POINTS=${TEST_POINTS:-10000}
[ "$MODE" = curve ] && TORCH_SECONDS=0
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# The resolved spec: written for the Java side, and the PyTorch arguments derived from the same values.
"$PY" bench/dd_spec.py "$SPEC" "$OUT/spec.toml" > "$OUT/torch-args"
read -r -a TORCH_ARGS < "$OUT/torch-args"
if [ -z "${TORCH_ONLY:-}" ] && [ $# -eq 0 ] && [ ! -f target/superpose.jar ]; then
  mvn -q -o package -DskipTests
fi

for ((k = 0; k < R; k++)); do
  if [ -z "${TORCH_ONLY:-}" ]; then
    t0=$(date +%s.%N)
    # CPU seconds (user + sys) of the whole Java process: less sensitive than wall time to other load
    { TIMEFORMAT='%U %S'; time "${JAVA[@]}" run "$OUT/spec.toml" --threads "$THREADS" --seed "$k" --quiet \
        --no-figures --checkpoint-every 0 --out "$OUT/java-$k" > /dev/null 2>&3; } 3>&2 2> "$OUT/java-$k.cpu"
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc -l > "$OUT/java-$k.wall"
  fi
  t0=$(date +%s.%N)
  "$PY" bench/dd_torch.py "${TORCH_ARGS[@]}" --threads "$TORCH_THREADS" --seed "$k" --test-points "$TEST_POINTS" \
      --max-seconds "$TORCH_SECONDS" --json "$OUT/torch-$k.json" > /dev/null
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l > "$OUT/torch-$k.wall"
done

"$PY" bench/dd_report.py "$OUT" "$R" "$MODE"
