"""W5 peer: float32 square matmul with numpy on OpenBLAS (preallocated output), median GFLOP/s per size."""
from _common import args, emit, per_call

a = args()
import numpy as np

rng = np.random.RandomState(1)
results = {}
for n in (256, 512, 1024, 2048):
    x = rng.uniform(-1, 1, (n, n)).astype(np.float32)
    w = rng.uniform(-1, 1, (n, n)).astype(np.float32)
    c = np.empty((n, n), np.float32)
    results[f"gflops_{n}"] = 2.0 * n ** 3 / per_call(lambda: np.matmul(x, w, out=c), budget=1.0, min_chunks=5, min_chunk=0) / 1e9
emit("numpy", a.threads, results)
