#!/usr/bin/env bash
# Teachers, distilled students, their returns and success on training and held-out goals, sizes and forward times:
# the figures of benchmarks/results/distillation.md. Usage: benchmarks/scripts/run-distillation.sh [OUT_DIR]
set -euo pipefail
out=${1:-runs/distillation}
dotnet build RagAgent.Samples -c Release -warnaserror >/dev/null
dotnet build benchmarks/RagAgent.Benchmarks -c Release -warnaserror >/dev/null
ragagent() { dotnet RagAgent.Samples/bin/Release/net10.0/ragagent.dll "$@"; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
ragagent train --env graph-nav --preset graph-nav --steps 150000 --out "$out/graph-nav" --overwrite >/dev/null
ragagent train --env cartpole --preset cartpole-zoo --steps 100000 --out "$out/cartpole" --overwrite >/dev/null
for env in graph-nav cartpole; do
  for hidden in 32,32 16,16 8; do
    /usr/bin/time -f "distill $env $hidden: %e s wall" \
      dotnet RagAgent.Samples/bin/Release/net10.0/ragagent.dll distill --teacher "$out/$env/policy.safetensors" --hidden $hidden --steps 50000 \
        --out "$out/$env/student-${hidden/,/-}.safetensors" | tail -2
  done
  for ckpt in "$out/$env"/policy.safetensors "$out/$env"/student-*.safetensors; do
    echo "$ckpt train: $(ragagent eval --checkpoint "$ckpt" --deterministic --goals train)"
    if [ "$env" != cartpole ]; then
      echo "$ckpt held-out: $(ragagent eval --checkpoint "$ckpt" --deterministic --goals held-out)"
    fi
  done
  dotnet benchmarks/RagAgent.Benchmarks/bin/Release/net10.0/RagAgent.Benchmarks.dll forward "$out/$env"/policy.safetensors "$out/$env"/student-*.safetensors
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
