"""Shared helpers of the peer scripts: arguments, thread setup, MNIST IDX reading, timing, output.

Every peer prints exactly one JSON line: {"peer": ..., "threads": N, "results": {key: value}}; the
keys match the rows of `myelin bench` (see Editor/Bench/*.cs).
"""
import argparse
import json
import os
import statistics
import sys
import time


def args(extra=None):
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--data", default="")
    p.add_argument("--onnx", default="")
    p.add_argument("--quick", action="store_true", help="tiny sizes: checks the script runs, not speed")
    a = p.parse_args()
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(a.threads))
    return a


def torch_threads(n):
    import torch
    torch.set_num_threads(n)
    torch.set_num_interop_threads(1)
    return torch


def mnist(folder):
    """(x_train, y_train, x_test, y_test) as float32 x = byte/255 (N, 784) and int64 labels."""
    import numpy as np

    def read(prefix):
        img = np.fromfile(os.path.join(folder, prefix + "-images-idx3-ubyte"), dtype=np.uint8)[16:]
        lab = np.fromfile(os.path.join(folder, prefix + "-labels-idx1-ubyte"), dtype=np.uint8)[8:]
        return (img.reshape(-1, 784).astype(np.float32) / np.float32(255)), lab.astype(np.int64)

    xtr, ytr = read("train")
    xte, yte = read("t10k")
    return xtr, ytr, xte, yte


def init_like_myelin(model):
    """Initialises as Myelin's layers do, so a peer trains the same network from the same distribution:
    conv weights He-normal N(0, 2/fan_in) (Conv2D's default), linear weights Xavier-uniform (Dense's
    default without an activation), biases zero. PyTorch's own default is U(+-1/sqrt(fan_in)) for both."""
    import torch
    nn = torch.nn
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Linear):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return model


def per_call(fn, budget=0.4, min_chunks=7, min_chunk=1e-3):
    """Median seconds per call, calls grouped in chunks of at least min_chunk seconds (as Myelin's Measure.PerCall)."""
    fn()
    per = 1
    while True:
        t = time.perf_counter()
        for _ in range(per):
            fn()
        e = time.perf_counter() - t
        if e >= min_chunk or per >= 1 << 24:
            break
        per *= 16 if e <= 0 else max(2, min(16, int(min_chunk / e * 1.2) + 1))
    times = []
    start = time.perf_counter()
    while len(times) < min_chunks or time.perf_counter() - start < budget:
        t = time.perf_counter()
        for _ in range(per):
            fn()
        times.append((time.perf_counter() - t) / per)
    return statistics.median(times)


def emit(peer, threads, results, workload=None):
    line = {"peer": peer, "threads": threads, "results": results}
    if workload:
        line["workload"] = workload  # lets `myelin bench --peer-results FILE` pick the lines of its workload
    print(json.dumps(line))
    sys.stdout.flush()


def cuda_fp32():
    """torch on the first CUDA device with TF32 off (true fp32 matmul and convolution); exits 3 without CUDA."""
    import torch
    if not torch.cuda.is_available():
        print("torch: no CUDA device", file=sys.stderr)
        sys.exit(3)
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.set_float32_matmul_precision("highest")
    return torch, torch.device("cuda")
