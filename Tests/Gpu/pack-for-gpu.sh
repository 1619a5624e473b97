#!/usr/bin/env bash
# Builds the folder a GPU machine without .NET needs (see run-on-gpu.sh):
#   .gpu-carry/dotnet-runtime.tar.xz   dotnet host + host/fxr + shared/Microsoft.NETCore.App from the local SDK
#   .gpu-carry/myelin/                  framework-dependent publish of the `myelin` tool (gpu-check, gpu-bench)
#   .gpu-carry/mnist.tar.xz             the MNIST IDX files W2/W3 train on (the GPU machine has no network)
#   .gpu-carry/run-on-gpu.sh            the script to run there
# Usage: Tests/Gpu/pack-for-gpu.sh [carry-dir]   (run from anywhere; default carry-dir is <repo>/.gpu-carry)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
carry="${1:-$repo/.gpu-carry}"
limit_mib=60

dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
runtime_version="$(ls "$dotnet_root/shared/Microsoft.NETCore.App" | sort -V | tail -1)"
fxr_version="$(ls "$dotnet_root/host/fxr" | sort -V | tail -1)"

rm -rf "$carry"
mkdir -p "$carry"

echo "publishing myelin (framework-dependent, Release)..."
dotnet publish "$repo/Editor/Myelin.Editor.csproj" -c Release -r linux-x64 --no-self-contained -o "$carry/myelin" -nologo -v quiet
# Debug symbols and docs are not needed to run; -r linux-x64 already dropped other platforms' natives.
find "$carry/myelin" \( -name '*.pdb' -o -name '*.xml' \) -delete
# ONNX Runtime is the W4 peer of `myelin bench --peers` only, never run on the GPU machine (45 MiB,
# a Windows copy included despite -r linux-x64).
find "$carry/myelin" \( -name 'libonnxruntime*.so*' -o -name 'onnxruntime*.dll' \) -delete

echo "packing .NET runtime $runtime_version (fxr $fxr_version) from $dotnet_root..."
( cd "$dotnet_root" && XZ_OPT="-6 -T2" tar -cJf "$carry/dotnet-runtime.tar.xz" \
    dotnet LICENSE.txt ThirdPartyNotices.txt "host/fxr/$fxr_version" "shared/Microsoft.NETCore.App/$runtime_version" )

mnist="${MYELIN_DATA:-$HOME/.cache/myelin}/mnist"
if [[ -f "$mnist/t10k-labels-idx1-ubyte" ]]; then
  ( cd "$(dirname "$mnist")" && XZ_OPT="-6 -T2" tar -cJf "$carry/mnist.tar.xz" mnist )
else
  echo "WARNING: no MNIST at $mnist (any \`myelin bench W2\` here fetches it): W2/W3 will fail on the GPU machine" >&2
fi

cp "$repo/Tests/Gpu/run-on-gpu.sh" "$carry/run-on-gpu.sh"
chmod +x "$carry/run-on-gpu.sh"

size_kib="$(du -sk "$carry" | cut -f1)"
echo "carry folder: $carry ($((size_kib / 1024)) MiB)"
du -sh "$carry"/* | sed 's/^/  /'
if (( size_kib > limit_mib * 1024 )); then
  echo "ERROR: carry folder is larger than $limit_mib MiB" >&2
  exit 1
fi
