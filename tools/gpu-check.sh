#!/usr/bin/env bash
# The GPU check: runs, on a machine with an NVIDIA GPU and no Java, what tools/gpu-pack.sh prepared in target/gpu-pack
# (run from the repository root; builds nothing). Results go under $OUT (default target/gpu-check):
#   nvidia-smi.txt        the GPU and driver
#   cuda-tests.txt        the cuda module's tests, the gpu-tagged ones included (reports in cuda-reports/)
#   core-on-cuda.txt      core's device-generic tests with cuda as the default device (reports in core-reports/);
#                         kernels not yet on cuda (convolution, pooling) fail there by name
#   bench.txt             CudaBench's figures
# Without a GPU it says so in one line and exits 0 after the tests that need none.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PACK=$ROOT/target/gpu-pack
OUT=${OUT:-$ROOT/target/gpu-check}
mkdir -p "$OUT"
JAVA=$PACK/runtime/bin/java
[ -x "$JAVA" ] || { echo "gpu-check: no $PACK/runtime: run tools/gpu-pack.sh (./synapse gpu-pack) first" >&2; exit 2; }
# The GPU machines keep cuBLAS and cuDNN in PyTorch's environment; CudaLibraries also looks in /opt/*/.venv.
export SYNAPSE_PYTHON=${SYNAPSE_PYTHON:-/opt/torch/.venv/bin/python3}
FLAGS=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx8g)
LIBS=$(ls "$PACK"/lib/*.jar | paste -sd: -)
LAUNCHER=$(ls "$PACK"/launcher/junit-platform-console-standalone-*.jar)

if command -v nvidia-smi >/dev/null 2>&1; then
    nvidia-smi >"$OUT/nvidia-smi.txt" 2>&1
    head -20 "$OUT/nvidia-smi.txt"
    gpu=1
else
    echo "gpu-check: no GPU here (nvidia-smi not found); only the tests that need none will run" | tee "$OUT/nvidia-smi.txt"
    gpu=0
fi

# console DIR SECONDS REPORTS CLASSPATH [JVM FLAGS] -- LAUNCHER ARGS: JUnit's console launcher, run in DIR (the
# tests read files relative to their module) for at most SECONDS.
console() {
    local dir=$1 seconds=$2 reports=$3 cp=$4
    shift 4
    local jvm=()
    while [ "$1" != -- ]; do jvm+=("$1"); shift; done
    shift
    (cd "$ROOT/$dir" && timeout "$seconds" "$JAVA" "${FLAGS[@]}" "${jvm[@]}" -jar "$LAUNCHER" execute --disable-banner --disable-ansi-colors \
        --details=tree --details-theme=ascii --class-path "$cp" --reports-dir "$reports" "$@")
}

echo "== cuda module tests"
console cuda 240 "$OUT/cuda-reports" "$PACK/classes/cuda-tests:$LIBS" -- \
    --select-package dev.synapse.cuda --exclude-tag slow >"$OUT/cuda-tests.txt" 2>&1
echo "cuda tests: exit $?"
grep -E "tests (successful|failed|skipped|aborted)|GPU tests skipped" "$OUT/cuda-tests.txt"

if [ "$gpu" = 1 ]; then
    echo "== core's tests on cuda"
    console core 300 "$OUT/core-reports" "$PACK/classes/core-tests:$LIBS" -Dsynapse.device=cuda -- \
        --select-package dev.synapse --exclude-package dev.synapse.backend.cpu \
        --exclude-tag cpu-only --exclude-tag slow --exclude-tag data \
        --exclude-classname '.*(LayeringTest|ModuleDescriptorTest)' >"$OUT/core-on-cuda.txt" 2>&1
    echo "core on cuda: exit $?"
    grep -E "tests (successful|failed|skipped|aborted)" "$OUT/core-on-cuda.txt"
    echo "== bench"
    (cd "$ROOT" && timeout 90 "$JAVA" "${FLAGS[@]}" -cp "$PACK/classes/cuda-tests:$LIBS" dev.synapse.cuda.CudaBench) \
        >"$OUT/bench.txt" 2>&1
    cat "$OUT/bench.txt"
fi
echo "gpu-check: results in $OUT"
