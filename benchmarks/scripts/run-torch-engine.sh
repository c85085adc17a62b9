#!/usr/bin/env bash
# Managed vs TorchSharp engine table (issue 14): benchmarks/results/torch-engine.md.
#   bash benchmarks/scripts/run-torch-engine.sh                 # CPU: libtorch-cpu-linux-x64
#   bash benchmarks/scripts/run-torch-engine.sh cuda            # NVIDIA GPU, Linux: TorchSharp-cuda-linux
# For cuda, pin the backend first in Directory.Packages.props, next to TorchSharp (same version):
#   <PackageVersion Include="TorchSharp-cuda-linux" Version="0.107.0" />
# (on Windows use TorchSharp-cuda-windows and run the two dotnet commands below by hand).
# Optional: BUDGET (seconds per cell, default 0.5), PPO_STEPS (default 20480).
set -euo pipefail
cd "$(dirname "$0")/../.."
device="${1:-cpu}"
case "$device" in
  cpu) backend=libtorch-cpu-linux-x64 ;;
  cuda|cuda:*) backend=TorchSharp-cuda-linux ;;
  *) echo "run-torch-engine: device must be cpu, cuda or cuda:N, got '$device'" >&2; exit 2 ;;
esac
out="benchmarks/RagAgent.TorchBenchmarks/bin/$backend"
dotnet build benchmarks/RagAgent.TorchBenchmarks -c Release -p:TorchBackend="$backend" -o "$out"
echo "# $(date -u +%FT%TZ) $(uname -srm); $(nproc) logical processors; uptime:$(uptime | sed 's/.*load/ load/')"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
dotnet "$out/RagAgent.TorchBenchmarks.dll" nn "$device" "${BUDGET:-0.5}"
dotnet "$out/RagAgent.TorchBenchmarks.dll" ppo "$device" "${PPO_STEPS:-20480}"
