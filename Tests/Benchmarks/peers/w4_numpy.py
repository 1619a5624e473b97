"""W4 peer: MLP 16-64 tanh-64 tanh-4 forward in numpy float32 into preallocated buffers, median µs per call."""
from _common import args, emit, per_call

a = args()
import numpy as np

rng = np.random.RandomState(1)
w1, w2, w3 = [(rng.randn(i, o) / np.sqrt(i)).astype(np.float32) for i, o in ((16, 64), (64, 64), (64, 4))]
b1, b2, b3 = np.zeros(64, np.float32), np.zeros(64, np.float32), np.zeros(4, np.float32)
results = {}
for batch in (1, 64, 1024, 4096, 65536):
    x = rng.randn(batch, 16).astype(np.float32)
    h1, h2, y = np.empty((batch, 64), np.float32), np.empty((batch, 64), np.float32), np.empty((batch, 4), np.float32)

    def forward():
        np.matmul(x, w1, out=h1); np.add(h1, b1, out=h1); np.tanh(h1, out=h1)
        np.matmul(h1, w2, out=h2); np.add(h2, b2, out=h2); np.tanh(h2, out=h2)
        np.matmul(h2, w3, out=y); np.add(y, b3, out=y)

    results[f"us_b{batch}"] = per_call(forward) * 1e6
emit("numpy", a.threads, results)
