#!/usr/bin/env bash
# Runs the ILGPU checks and benchmarks on a machine with an NVIDIA GPU and no .NET.
# Expects the folder made by Tests/Gpu/pack-for-gpu.sh (default: .gpu-carry next to the repo root,
# or this script's own folder when it is run from inside the carry folder).
# Usage: run-on-gpu.sh [carry-dir] [results-dir]     results default to $OUT, else ./gpu-results
# Writes: nvidia-smi.txt, gpu-check.txt (PASS/FAIL per primitive vs the reference backend),
#         gpu-bench.csv (matmul GFLOP/s, element-wise GB/s, MLP step ms), bench-ilgpu.jsonl (W5/W2/W3 on
#         CUDA), peers-torch-cuda.jsonl (PyTorch CUDA, TF32 off, when torch is there), run.log.
# Exit code: that of gpu-check (0 all pass, 1 a check failed, 2 no CUDA device).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [[ -f "$here/dotnet-runtime.tar.xz" ]]; then default_carry="$here"; else default_carry="$(cd "$here/../.." && pwd)/.gpu-carry"; fi
carry="${1:-$default_carry}"
results="${2:-${OUT:-$PWD/gpu-results}}"
mkdir -p "$results"
log="$results/run.log"

runtime=/tmp/myelin-dotnet
if [[ ! -x "$runtime/dotnet" ]]; then
  mkdir -p "$runtime"
  tar -xJf "$carry/dotnet-runtime.tar.xz" -C "$runtime"
fi
export DOTNET_ROOT="$runtime" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
myelin=("$runtime/dotnet" "$carry/myelin/myelin.dll")

{ nvidia-smi || echo "nvidia-smi not available"; } > "$results/nvidia-smi.txt" 2>&1
ls -l /usr/lib/x86_64-linux-gnu/libcuda.so* /usr/lib64/libcuda.so* 2>/dev/null >> "$log" || echo "libcuda.so.1 not found in the usual places" >> "$log"

echo "== gpu-check (every primitive on CUDA vs the reference backend)" | tee -a "$log"
"${myelin[@]}" gpu-check --out "$results" 2>&1 | tee -a "$log"
check=${PIPESTATUS[0]}

if [[ $check -ne 2 ]]; then
  echo "== gpu-bench" | tee -a "$log"
  timeout 300 "${myelin[@]}" gpu-bench --out "$results" 2>&1 | tee -a "$log"
  # The reference workloads on CUDA (W5 adds n = 4096 on a GPU), one JSON object per workload.
  for w in W5 W2 W3; do
    echo "== bench $w --backend ilgpu" | tee -a "$log"
    timeout 600 "${myelin[@]}" bench "$w" --backend ilgpu --json >> "$results/bench-ilgpu.jsonl" 2>> "$log"
  done
  # PyTorch CUDA peers (TF32 off), when the machine has python3 with torch.
  if python3 -c 'import torch; assert torch.cuda.is_available()' 2>/dev/null; then
    for p in w5_torch_cuda.py w3_torch_cuda.py; do
      echo "== peer $p" | tee -a "$log"
      timeout 600 python3 "$carry/myelin/peers/$p" >> "$results/peers-torch-cuda.jsonl" 2>> "$log"
    done
  fi
fi
echo "gpu-check exit code: $check" | tee -a "$log"
exit "$check"
