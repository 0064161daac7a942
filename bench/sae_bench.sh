#!/usr/bin/env bash
# Side-by-side SAE training speed: Superpose's fused SAE step against the dense PyTorch step
# (bench/sae_torch.py), BatchTopK, alternating runs, medians of R.
#   bench/sae_bench.sh                       # R=3: d_in 1536, 3072 latents, k 32, batch 1024, 2 threads
#   R=1 STEPS=10 bench/sae_bench.sh
# Env: R, STEPS, WARMUP, THREADS, DIN, LATENTS, K, BATCH, PY (default /usr/bin/python3), JAVA_OPTS,
# CP (class path of the Java side, default target/classes).
# Needs /usr/bin/python3 with Debian's python3-torch and libopenblas0-pthread: without OpenBLAS, Debian's
# torch runs its matrix products on the reference BLAS, about ten times slower, and the ratio means nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
R=${R:-3}; STEPS=${STEPS:-30}; WARMUP=${WARMUP:-5}; THREADS=${THREADS:-2}
DIN=${DIN:-1536}; LATENTS=${LATENTS:-3072}; K=${K:-32}; BATCH=${BATCH:-1024}
PY=${PY:-/usr/bin/python3}
if [ ! -d target/classes ]; then
  mvn -q -o compile
fi
# the benchmark needs no dependency beyond the project's own classes
CP=${CP:-target/classes}
ARGS=(--din "$DIN" --latents "$LATENTS" --k "$K" --batch "$BATCH" --steps "$STEPS" --warmup "$WARMUP" --threads "$THREADS")
OUT=$(mktemp -d)
for i in $(seq "$R"); do
  java ${JAVA_OPTS:-} --add-modules jdk.incubator.vector -cp "$CP" io.github.superpose.bridge.SaeBenchmark "${ARGS[@]}" | tail -n 1 >> "$OUT/java"
  OMP_NUM_THREADS=$THREADS "$PY" bench/sae_torch.py "${ARGS[@]}" | tail -n 1 >> "$OUT/torch"
done
"$PY" - "$OUT" <<'PYEOF'
import json, statistics, sys
d = sys.argv[1]
med = {}
for side in ("java", "torch"):
    rates = [json.loads(l)["samples_per_s"] for l in open(f"{d}/{side}") if l.strip()]
    med[side] = statistics.median(rates)
    print(f"{side:6s} samples/s: " + ", ".join(f"{r:.0f}" for r in rates) + f"  (median {med[side]:.0f})")
print(f"ratio superpose/torch (medians): {med['java'] / med['torch']:.2f}x")
PYEOF
rm -rf "$OUT"
