#!/usr/bin/env bash
# Checks the ND4J CUDA backend on a machine with an NVIDIA GPU:
#   1. builds with -Pcuda and the CUDA natives into target-cuda/ (the CPU build in target/ is untouched),
#   2. runs the nd4j parity tests (ND4J on the GPU against the plain-Java backend),
#   3. times the tied ReLU-output toy model, n=400 features, m=30 hidden, 100 instances, batch 1024,
#      on the java and nd4j backends, and prints one summary line.
# Usage: bench/gpu-check.sh            (STEPS=5 by default; SYSTEM_CUDA=1 to use an installed
#                                       CUDA 11.6 toolkit instead of the 1.8 GB redistributable jar)
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "gpu-check: $*" >&2; exit 1; }

command -v nvidia-smi >/dev/null 2>&1 \
  || fail "nvidia-smi not found: this check needs an NVIDIA GPU and its driver (CUDA 11.6 or newer). Without one use --backend nd4j (CPU) or --backend java."
GPU=$(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -n 1) \
  || fail "nvidia-smi is present but cannot talk to a GPU (driver not loaded?): $(nvidia-smi 2>&1 | head -n 1)"
[ -n "$GPU" ] || fail "nvidia-smi lists no GPU"

STEPS=${STEPS:-5}
BUILD=target-cuda
MVN_FLAGS=(-B -q -Pcuda -Dnd4j.cuda.natives=true "-DbuildDir=$PWD/$BUILD")
[ "${SYSTEM_CUDA:-0}" = 1 ] || MVN_FLAGS+=(-Dnd4j.cuda.redist=true)

echo "gpu-check: $GPU; building with ${MVN_FLAGS[*]}" >&2
mvn "${MVN_FLAGS[@]}" -DskipTests package >&2 || fail "the -Pcuda build failed (see the Maven output above)"
mvn "${MVN_FLAGS[@]}" test -Dtest='io.github.superpose.nd4j.**' -Dsurefire.failIfNoSpecifiedTests=false >&2 \
  || fail "nd4j parity tests failed on the GPU build (reports in $BUILD/surefire-reports)"

timing() {   # prints the BackendTiming line for one backend
  java -Xmx12g --add-modules jdk.incubator.vector -cp "$BUILD/superpose.jar:$BUILD/lib/*" io.github.superpose.nd4j.BackendTiming \
    --backend "$1" --features 400 --hidden 30 --instances 100 --batch 1024 --steps "$STEPS" 2>/dev/null \
    | grep '^backend=' || fail "BackendTiming --backend $1 failed"
}
stepsPerSecond() { sed -n 's/.*: \([0-9.]*\) steps\/s.*/\1/p' <<<"$1"; }

ND=$(timing nd4j)
echo "$ND" >&2
case "$ND" in
  backend=nd4j-CUDA*) ;;
  *) fail "ND4J did not run on the GPU (it reported '${ND%% threads=*}'): check that the CUDA 11.6 libraries load" ;;
esac
JV=$(timing java)
echo "$JV" >&2
ND_SPS=$(stepsPerSecond "$ND")
JV_SPS=$(stepsPerSecond "$JV")
SPEEDUP=$(awk -v a="$ND_SPS" -v b="$JV_SPS" 'BEGIN { printf "%.1f", a / b }')
echo "gpu-check: OK on $GPU: parity tests passed; n=400 m=30 x100 instances batch 1024: nd4j-CUDA $ND_SPS steps/s, java $JV_SPS steps/s (${SPEEDUP}x)"
