"""What the Python sides of ./synapse bench race share: the warm-up and timing rule, and the result line."""

import time


def timed(step, warmup, warm_seconds, steps):
    """Calls step until both warmup calls and warm_seconds have passed, then times steps more calls: nanoseconds each."""
    warm_end = time.perf_counter_ns() + int(warm_seconds * 1e9)
    i = 0
    while i < warmup or time.perf_counter_ns() < warm_end:
        step()
        i += 1
    ns = []
    for _ in range(steps):
        t0 = time.perf_counter_ns()
        step()
        ns.append(time.perf_counter_ns() - t0)
    return ns


def result_line(side, name, unit, values, version, isa):
    """race side=S workload=W unit=U median=M min=M max=M n=N version=V isa=I, as RaceStats.parseLine reads it."""
    v = sorted(values)
    n = len(v)
    median = v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2
    return (f"race side={side} workload={name} unit={unit} median={median:.4f} min={v[0]:.4f} max={v[-1]:.4f} "
            f"n={n} version={version} isa={isa}")
