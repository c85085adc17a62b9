#!/usr/bin/env bash
# Magnitude pruning against distillation at equal size: mlp teachers (64,64) on graph-nav and cartpole, pruned and
# distilled to 32,32 / 16,16 / 8,8 (and pruned then fine-tuned by distillation from the pruned weights), each evaluated with 100 greedy episodes (training and held-out goals on
# graph-nav). The figures of the pruning section of benchmarks/results/distillation.md.
# Usage: benchmarks/scripts/run-pruning.sh [OUT_DIR]
set -euo pipefail
out=${1:-runs/pruning}
dotnet build RagAgent.Samples -c Release -warnaserror >/dev/null
ragagent() { dotnet RagAgent.Samples/bin/Release/net10.0/ragagent.dll "$@"; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
ragagent train --config benchmarks/configs/graph-nav-mlp.json --out "$out/graph-nav" --overwrite >/dev/null
ragagent train --env cartpole --preset cartpole-zoo --steps 100000 --out "$out/cartpole" --overwrite >/dev/null
for env in graph-nav cartpole; do
  for hidden in 32,32 16,16 8,8; do
    ragagent prune --checkpoint "$out/$env/policy.safetensors" --hidden $hidden --out "$out/$env/pruned-${hidden/,/-}.safetensors"
    ragagent distill --teacher "$out/$env/policy.safetensors" --hidden $hidden --steps 50000 \
      --out "$out/$env/student-${hidden/,/-}.safetensors" | tail -1
    ragagent distill --teacher "$out/$env/policy.safetensors" --init "$out/$env/pruned-${hidden/,/-}.safetensors" --steps 50000 \
      --out "$out/$env/tuned-${hidden/,/-}.safetensors" | tail -1
  done
  for ckpt in "$out/$env"/policy.safetensors "$out/$env"/pruned-*.safetensors "$out/$env"/student-*.safetensors "$out/$env"/tuned-*.safetensors; do
    echo "$ckpt train: $(ragagent eval --checkpoint "$ckpt" --deterministic --goals train)"
    if [ "$env" != cartpole ]; then
      echo "$ckpt held-out: $(ragagent eval --checkpoint "$ckpt" --deterministic --goals held-out)"
    fi
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
