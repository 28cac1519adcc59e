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

from race_timing import result_line, timed


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
    ns = timed(lambda: np.matmul(a, b, out=out), warmup, warm_seconds, steps)
    gflops = [2.0 * n * n * n / t for t in ns]
    config = openblas_string(np, "get_config").split()  # "OpenBLAS 0.3.31 ..."
    version = config[1] if len(config) > 1 else "unknown-numpy-" + np.__version__
    print(result_line("openblas", name, "gflops", gflops, version, openblas_string(np, "get_corename") or "unknown"))


def openblas_string(np, what):
    """A string OpenBLAS reports (get_config, get_corename) from the library NumPy's wheel bundles; '' if not found."""
    for path in glob.glob(os.path.join(os.path.dirname(np.__file__), os.pardir, "numpy.libs", "*openblas*.so*")):
        lib = ctypes.CDLL(path)
        # scipy-openblas prefixes and suffixes its symbols; a plain OpenBLAS does not
        for symbol in (f"scipy_openblas_{what}64_", f"scipy_openblas_{what}", f"openblas_{what}"):
            if hasattr(lib, symbol):
                f = getattr(lib, symbol)
                f.restype = ctypes.c_char_p
                return f().decode().strip()
    return ""


if __name__ == "__main__":
    main()
