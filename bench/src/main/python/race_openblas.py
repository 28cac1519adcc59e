"""The OpenBLAS side of ./synapse bench race: SGEMM through NumPy, printed as one line
race side=openblas workload=W unit=gflops median=M min=M max=M n=N version=V isa=CORE

usage: python race_openblas.py WORKLOAD WARMUP STEPS THREADS WARMUP_SECONDS
WORKLOAD: gemm1024 or gemm2048, the products of the other sides: two n x n float32 matrices into a preallocated
output. OpenBLAS is the reference for what a hand-written assembly GEMM reaches on this machine; CORE is the kernel
set it runs (OPENBLAS_CORETYPE, set by the race, picks it).
"""

import ctypes
import glob
import os
import sys
import time


def main():
    if len(sys.argv) != 6:
        raise SystemExit("usage: race_openblas.py WORKLOAD WARMUP STEPS THREADS WARMUP_SECONDS")
    name, warmup, steps, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    warm_seconds = float(sys.argv[5])
    if not name.startswith("gemm"):
        raise SystemExit(f"race_openblas.py: only gemm1024 and gemm2048, not '{name}'")
    os.environ["OPENBLAS_NUM_THREADS"] = threads  # read when NumPy loads OpenBLAS
    import numpy as np

    n = int(name[4:])
    rng = np.random.default_rng(42)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    out = np.empty((n, n), dtype=np.float32)
    warm_end = time.perf_counter_ns() + int(warm_seconds * 1e9)
    i = 0
    while i < warmup or time.perf_counter_ns() < warm_end:
        np.matmul(a, b, out=out)
        i += 1
    v = []
    for _ in range(steps):
        t0 = time.perf_counter_ns()
        np.matmul(a, b, out=out)
        v.append(2.0 * n * n * n / (time.perf_counter_ns() - t0))
    v.sort()
    k = len(v)
    median = v[k // 2] if k % 2 else (v[k // 2 - 1] + v[k // 2]) / 2
    print(f"race side=openblas workload={name} unit=gflops median={median:.4f} min={v[0]:.4f} max={v[-1]:.4f} "
          f"n={k} version={openblas_version(np)} isa={core_name(np)}")


def openblas_library(np):
    """The OpenBLAS that NumPy's wheel bundles (numpy.libs), or None."""
    for path in glob.glob(os.path.join(os.path.dirname(np.__file__), os.pardir, "numpy.libs", "*openblas*.so*")):
        return ctypes.CDLL(path)
    return None


def core_name(np):
    """The kernel set OpenBLAS picked at load time (Haswell, SkylakeX, Zen, ...)."""
    lib = openblas_library(np)
    for symbol in ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename", "openblas_get_corename"):
        if lib is not None and hasattr(lib, symbol):
            f = getattr(lib, symbol)
            f.restype = ctypes.c_char_p
            return f().decode().strip()
    return "unknown"


def openblas_version(np):
    """OpenBLAS's version as the library reports it (its config string begins 'OpenBLAS 0.3.x'), else NumPy's."""
    lib = openblas_library(np)
    for symbol in ("scipy_openblas_get_config64_", "scipy_openblas_get_config", "openblas_get_config"):
        if lib is not None and hasattr(lib, symbol):
            f = getattr(lib, symbol)
            f.restype = ctypes.c_char_p
            words = f().decode().split()
            if len(words) > 1:
                return words[1]
    return "unknown-numpy-" + np.__version__

if __name__ == "__main__":
    main()
