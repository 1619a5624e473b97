#!/usr/bin/env bash
# Runs the CUDA checks and benchmarks on a machine with an NVIDIA GPU and no .NET.
# Expects the folder made by Tests/Gpu/pack-for-gpu.sh (default: .gpu-carry next to the repo root,
# or this script's own folder when it is run from inside the carry folder).
# Usage: run-on-gpu.sh [carry-dir] [results-dir]     results default to $OUT, else ./gpu-results
# Writes (flat, at most 8 files):
#   nvidia-smi.txt    the driver's view of the GPU
#   gpu-check.txt     `myelin gpu-check`: PASS/FAIL per primitive on CUDA vs the reference backend
#   torch-cuda.jsonl  the PyTorch CUDA peers (fp32, TF32 off) for W5, W2, W3 when python3 + torch exist
#   bench-W5.json, bench-W2.json, bench-W3.json   `myelin bench W? --backend ilgpu --json`, judged
#                     against torch-cuda.jsonl when it has figures (--peer-results)
#   gpu-bench.csv     `myelin gpu-bench` kernel throughput, only with GPU_BENCH=1
#   run.log           everything printed, in order
# Exit code: that of gpu-check (0 all pass, 1 a check failed, 2 no CUDA device), else 1 if a bench failed.
set -uo pipefail
# Stage time limits (seconds) can be lowered to fit a short lease: T_CHECK, T_PEER, T_BENCH.
here="$(cd "$(dirname "$0")" && pwd)"
if [[ -f "$here/dotnet-runtime.tar.xz" ]]; then default_carry="$here"; else default_carry="$(cd "$here/../.." && pwd)/.gpu-carry"; fi
carry="${1:-$default_carry}"
results="${2:-${OUT:-$PWD/gpu-results}}"
mkdir -p "$results"
log="$results/run.log"
say() { echo "$*" | tee -a "$log"; }

runtime=/tmp/myelin-dotnet
if [[ ! -x "$runtime/dotnet" ]]; then
  mkdir -p "$runtime"
  tar -xJf "$carry/dotnet-runtime.tar.xz" -C "$runtime"
fi
export DOTNET_ROOT="$runtime" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
myelin=("$runtime/dotnet" "$carry/myelin/myelin.dll")
peers="$carry/myelin/peers"

# MNIST (W2/W3) travels in the carry: the GPU machine has no network to fetch it.
export MYELIN_DATA=/tmp/myelin-data
if [[ -f "$carry/mnist.tar.xz" && ! -f "$MYELIN_DATA/mnist/t10k-labels-idx1-ubyte" ]]; then
  mkdir -p "$MYELIN_DATA" && tar -xJf "$carry/mnist.tar.xz" -C "$MYELIN_DATA"
fi

{ nvidia-smi || echo "nvidia-smi not available"; } > "$results/nvidia-smi.txt" 2>&1
ls -l /usr/lib/x86_64-linux-gnu/libcuda.so* /usr/lib64/libcuda.so* 2>/dev/null >> "$log" || echo "libcuda.so.1 not found in the usual places" >> "$log"

say "== gpu-check (every primitive on CUDA vs the reference backend)"
timeout "${T_CHECK:-300}" "${myelin[@]}" gpu-check --out "$results" 2>&1 | tee -a "$log"
check=${PIPESTATUS[0]}
if [[ $check -eq 2 ]]; then
  say "no CUDA device: skipping the benchmarks"
  exit 2
fi

# PyTorch CUDA peers, when this machine has python3 with a CUDA torch.
peer_file="$results/torch-cuda.jsonl"
if command -v python3 >/dev/null 2>&1 && python3 -c "import torch, numpy, sys; sys.exit(0 if torch.cuda.is_available() else 1)" >/dev/null 2>&1; then
  for w in w5 w2 w3; do
    say "== peer ${w}_torch_cuda.py"
    timeout "${T_PEER:-300}" python3 "$peers/${w}_torch_cuda.py" --data "$MYELIN_DATA/mnist" >> "$peer_file" 2>> "$log" || say "peer $w failed ($?)"
  done
  cat "$peer_file" >> "$log" 2>/dev/null
else
  say "python3 with a CUDA torch not found: no PyTorch peers (targets stay unjudged)"
fi
peer_args=()
[[ -s "$peer_file" ]] && peer_args=(--peer-results "$peer_file")

status=0
for w in W5 W2 W3; do
  say "== myelin bench $w --backend ilgpu --json"
  timeout "${T_BENCH:-300}" "${myelin[@]}" bench "$w" --backend ilgpu --json "${peer_args[@]}" > "$results/bench-$w.json" 2>> "$log"
  code=$?
  cat "$results/bench-$w.json" >> "$log"
  say "bench $w exit code: $code"
  [[ $code -ne 0 ]] && status=1
done

if [[ "${GPU_BENCH:-0}" == 1 ]]; then
  say "== gpu-bench"
  timeout 300 "${myelin[@]}" gpu-bench --out "$results" 2>&1 | tee -a "$log"
fi
say "gpu-check exit code: $check"
[[ $check -ne 0 ]] && exit "$check"
exit "$status"
