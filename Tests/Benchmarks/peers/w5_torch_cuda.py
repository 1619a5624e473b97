"""W5 on the GPU with PyTorch CUDA, TF32 off (the fair fp32 peer for Myelin's ILGPU backend).
Prints one JSON line: median GFLOP/s for n = 256 .. 4096."""
import json, time
import torch

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
result = {"peer": "torch-cuda", "workload": "W5"}
for n in (256, 512, 1024, 2048, 4096):
    a = torch.rand(n, n, device="cuda") * 2 - 1
    b = torch.rand(n, n, device="cuda") * 2 - 1
    for _ in range(3):
        torch.mm(a, b)
    torch.cuda.synchronize()
    times = []
    for _ in range(10):
        start = time.perf_counter()
        torch.mm(a, b)
        torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
    times.sort()
    result[f"gflops_{n}"] = 2 * n ** 3 / times[len(times) // 2] / 1e9
print(json.dumps(result))
