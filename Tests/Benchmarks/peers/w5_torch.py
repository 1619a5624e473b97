"""W5 peer: float32 square matmul with PyTorch (torch.mm, preallocated output), median GFLOP/s per size."""
from _common import args, emit, per_call, torch_threads

a = args()
torch = torch_threads(a.threads)
torch.manual_seed(1)
results = {}
for n in (256, 512, 1024, 2048):
    x = torch.rand(n, n) * 2 - 1
    w = torch.rand(n, n) * 2 - 1
    c = torch.empty(n, n)
    results[f"gflops_{n}"] = 2.0 * n ** 3 / per_call(lambda: torch.mm(x, w, out=c), budget=1.0, min_chunks=5, min_chunk=0) / 1e9
emit("torch", a.threads, results)
