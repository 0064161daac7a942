#!/usr/bin/env bash
# Side-by-side MiniLM forward-pass speed (all six layers): Superpose's Java BERT against ONNX Runtime
# (the test-scope dependency the parity tests use) on the same token ids, in one JVM, alternating,
# medians of R; prints tokens/s of each and the ratios.
#   bench/minilm_bench.sh                          # 1,000 WordNet sentences, R=3, 2 threads
#   N=200 R=1 bench/minilm_bench.sh
# Env: N (sentences), R, THREADS, CORPUS (default: built by examples/wordnet-corpus.py, needs Debian's
# wordnet-base), JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000}; R=${R:-3}; THREADS=${THREADS:-2}
CORPUS=${CORPUS:-target/bench-wordnet.txt}
if [ ! -f target/bench-test.cp ] || [ -n "$(find src pom.xml -newer target/bench-test.cp -print -quit)" ]; then
  mvn -B -q -o -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-test.cp \
    -Dmdep.includeScope=test >/dev/null
fi
if [ ! -f "$CORPUS" ]; then
  python3 examples/wordnet-corpus.py --sentences 20000 > "$CORPUS"
fi
java ${JAVA_OPTS:-} --add-modules jdk.incubator.vector -cp "target/test-classes:target/classes:$(cat target/bench-test.cp)" \
  io.github.superpose.bridge.MiniLmSpeed "$CORPUS" "$N" "$R" "$THREADS"
