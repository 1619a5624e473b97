"""W5 GPU peer: float32 square matmul on CUDA with PyTorch, TF32 off, preallocated output.

Median GFLOP/s per size over samples of 16 queued calls, each sample ended by
torch.cuda.synchronize() (as Myelin's GPU runs end each timed chunk with a device wait).
Prints one JSON line: {"peer": "torch-cuda", "workload": "W5", "results": {"gflops_N": ...}}.
"""
import sys

from _common import args, cuda_fp32, emit, per_call

a = args()
torch, dev = cuda_fp32()
print(f"torch {torch.__version__} on {torch.cuda.get_device_name(0)}, "
      f"allow_tf32={torch.backends.cuda.matmul.allow_tf32}", file=sys.stderr)
torch.manual_seed(1)
results = {}
for n in ((32, 65) if a.quick else (256, 512, 1024, 2048, 4096)):
    x = torch.rand(n, n, device=dev) * 2 - 1
    w = torch.rand(n, n, device=dev) * 2 - 1
    c = torch.empty(n, n, device=dev)

    def sample():
        for _ in range(16):
            torch.mm(x, w, out=c)
        torch.cuda.synchronize()

    sample()  # warm-up: cuBLAS picks its kernel on the first call
    seconds = per_call(sample, budget=1.0, min_chunks=5, min_chunk=0) / 16
    results[f"gflops_{n}"] = 2.0 * n ** 3 / seconds / 1e9
emit("torch-cuda", 0, results, workload="W5")
