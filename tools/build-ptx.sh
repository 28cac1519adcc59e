#!/usr/bin/env bash
# Compiles the CUDA backend's kernels (cuda/src/main/cuda/*.cu) to PTX for each architecture Synapse ships
# (compute_80: A100 and later; compute_90: H100/H200; the driver JIT-compiles PTX for newer GPUs) into
# cuda/src/main/resources/dev/synapse/cuda/ptx/, where they are committed: the build needs no nvcc, and
# PtxSourcesTest fails when a .cu or .cuh file changed without this script being run again. Needs nvcc 13.
# Usage: tools/build-ptx.sh [NVCC]
set -euo pipefail
cd "$(dirname "$0")/.."
NVCC=${1:-${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}}
[ -x "$NVCC" ] || { echo "build-ptx: nvcc not found (pass its path, or set NVCC)" >&2; exit 1; }
SRC=cuda/src/main/cuda
OUT=cuda/src/main/resources/dev/synapse/cuda/ptx
# Keep in sync with PtxSources.FLAGS: --fmad=false keeps a * b + c two roundings, as Java computes it.
FLAGS=(-std=c++17 --fmad=false -ptx)
ARCHS=(compute_80 compute_90)
# The sources' hash: for each file, sorted by name, its name, a NUL, its bytes, a NUL (PtxSources.hash).
hash=$(cd "$SRC" && for f in $(ls | LC_ALL=C sort); do printf '%s\0' "$f"; cat "$f"; printf '\0'; done | sha256sum | cut -d' ' -f1)
version=$("$NVCC" --version | sed -n 's/.*release \([0-9.]*\).*/\1/p')
mkdir -p "$OUT"
rm -f "$OUT"/*.ptx "$OUT"/ptx.list
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for cu in "$SRC"/*.cu; do
    name=$(basename "$cu" .cu)
    for arch in "${ARCHS[@]}"; do
        "$NVCC" "${FLAGS[@]}" -arch="$arch" -I"$SRC" "$cu" -o "$tmp/$name.ptx"
        { echo "// synapse-ptx sources-sha256=$hash nvcc=$version arch=$arch"; cat "$tmp/$name.ptx"; } >"$OUT/$name.$arch.ptx"
    done
done
(cd "$OUT" && ls *.ptx | LC_ALL=C sort) >"$OUT/ptx.list"
echo "build-ptx: $(ls "$OUT"/*.ptx | wc -l) PTX files for ${ARCHS[*]} from sources $hash (nvcc $version)"
